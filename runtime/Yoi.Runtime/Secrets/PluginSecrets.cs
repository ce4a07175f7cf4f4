using Yoi.Runtime.Manifest;
using Yoi.Runtime.Policy;

namespace Yoi.Runtime.Secrets;

/// <summary>
/// The secrets one loaded plugin may use: its manifest's declarations, the user's grants, and the
/// values read at load time (<see cref="SecretBinder"/>). Every call that names a secret is checked
/// by <see cref="SecretRules"/>; the value is handed out only as the text to write on the wire.
/// </summary>
public sealed class PluginSecrets
{
    private readonly PluginManifest? _manifest;
    private readonly PluginGrant? _grant;
    private readonly IReadOnlyDictionary<string, SecretValue> _values;

    internal PluginSecrets(PluginManifest? manifest, PluginGrant? grant, IReadOnlyDictionary<string, SecretValue> values)
    {
        _manifest = manifest;
        _grant = grant;
        _values = values;
    }

    /// <summary>No secrets: every secret reference is <c>denied</c>.</summary>
    public static PluginSecrets None { get; } = new(null, null, new Dictionary<string, SecretValue>());

    /// <summary>The names of the secrets whose values are held.</summary>
    public IReadOnlyCollection<string> Names => _values.Keys.ToList();

    public bool IsEmpty => _values.Count == 0;

    /// <summary>
    /// The headers to write: plain ones as given, each secret one as its declared template filled
    /// with the value. Fails with the denial text (naming the secret) when any secret may not go there.
    /// </summary>
    internal Result<IReadOnlyList<(string Name, string Value)>, string> ResolveHeaders(
        HostApi api, IReadOnlyList<PluginHeader> headers, PolicyDecision decision)
    {
        var resolved = new List<(string, string)>(headers.Count);
        foreach (var header in headers)
        {
            switch (header.Value)
            {
                case HeaderValue.Plain plain:
                    resolved.Add((header.Name, plain.Text));
                    break;
                case HeaderValue.Secret secret:
                    var use = Check(secret.Name, new SecretPlacement.InHeader(api, header.Name), decision);
                    if (!use.TryGetValue(out var allowed, out var denial))
                    {
                        return Result<IReadOnlyList<(string, string)>, string>.Fail(denial);
                    }

                    resolved.Add((header.Name, ((SecretUse.Header)allowed.Use).Apply(allowed.Value.Reveal())));
                    break;
            }
        }

        return Result<IReadOnlyList<(string, string)>, string>.Ok(resolved);
    }

    /// <summary>The text of <paramref name="parts"/> with each secret's value inserted, or the denial text.</summary>
    internal Result<string, string> ResolveText(IReadOnlyList<TextPart> parts, PolicyDecision decision)
    {
        var text = new System.Text.StringBuilder();
        foreach (var part in parts)
        {
            switch (part)
            {
                case TextPart.Plain plain:
                    text.Append(plain.Text);
                    break;
                case TextPart.Secret secret:
                    var use = Check(secret.Name, new SecretPlacement.InMessage(), decision);
                    if (!use.TryGetValue(out var allowed, out var denial))
                    {
                        return Result<string, string>.Fail(denial);
                    }

                    text.Append(allowed.Value.Reveal());
                    break;
            }
        }

        return Result<string, string>.Ok(text.ToString());
    }

    /// <summary><paramref name="text"/> with every held value replaced by <c>&lt;secret:NAME&gt;</c>: for anything shown or logged.</summary>
    public string Redact(string text)
    {
        // Longest first, so a value containing another value is replaced whole.
        foreach (var value in _values.Values.OrderByDescending(v => v.Length))
        {
            text = value.Redact(text);
        }

        return text;
    }

    /// <summary><paramref name="error"/> with every held value in its text replaced by <c>&lt;secret:NAME&gt;</c>.</summary>
    public HostError Redact(HostError error)
    {
        if (IsEmpty)
        {
            return error;
        }

        return error switch
        {
            HostError.Denied denied => new HostError.Denied(Redact(denied.Message)),
            HostError.Limit limit => new HostError.Limit(Redact(limit.Message)),
            HostError.Io io => new HostError.Io(Redact(io.Message)),
            HostError.InvalidArgument invalid => new HostError.InvalidArgument(Redact(invalid.Message)),
            _ => error,
        };
    }

    private Result<(SecretUse Use, SecretValue Value), string> Check(string name, SecretPlacement placement, PolicyDecision decision)
    {
        if (_manifest is null || _grant is null)
        {
            return Result<(SecretUse, SecretValue), string>.Fail($"secret: '{name}' is not granted (this host holds no secrets for the plugin)");
        }

        var rule = SecretRules.Check(name, placement, decision, _manifest, _grant);
        if (!rule.TryGetValue(out var use, out var denial))
        {
            return Result<(SecretUse, SecretValue), string>.Fail(denial);
        }

        return _values.TryGetValue(name, out var value)
            ? Result<(SecretUse, SecretValue), string>.Ok((use, value))
            : Result<(SecretUse, SecretValue), string>.Fail($"secret: '{name}' has no value on this host");
    }
}
