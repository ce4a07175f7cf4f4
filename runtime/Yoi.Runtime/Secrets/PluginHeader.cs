namespace Yoi.Runtime.Secrets;

/// <summary>Mirrors <c>types.header-value</c>: text the plugin holds, or the name of a secret it never holds.</summary>
public abstract record HeaderValue
{
    private HeaderValue()
    {
    }

    public sealed record Plain(string Text) : HeaderValue;

    /// <summary>A reference to a secret declared in the manifest; the host writes its value on the wire only.</summary>
    public sealed record Secret(string Name) : HeaderValue
    {
        public override string ToString() => SecretValue.Placeholder(Name);
    }
}

/// <summary>Mirrors <c>types.header</c>: one header a plugin sets on an upgrade or a request.</summary>
public sealed record PluginHeader(string Name, HeaderValue Value)
{
    /// <summary>A plain header, so callers (and tests) can keep writing <c>("accept", "text/plain")</c>.</summary>
    public static implicit operator PluginHeader((string Name, string Value) header) => new(header.Name, new HeaderValue.Plain(header.Value));

    public static PluginHeader WithSecret(string name, string secret) => new(name, new HeaderValue.Secret(secret));

    /// <summary>The value as it may be shown anywhere: a secret as <c>&lt;secret:NAME&gt;</c>.</summary>
    public string DisplayValue => Value switch
    {
        HeaderValue.Plain plain => plain.Text,
        HeaderValue.Secret secret => SecretValue.Placeholder(secret.Name),
        _ => "",
    };
}

/// <summary>Mirrors <c>types.text-part</c>: a piece of a text message the host assembles.</summary>
public abstract record TextPart
{
    private TextPart()
    {
    }

    public sealed record Plain(string Text) : TextPart;

    public sealed record Secret(string Name) : TextPart;

    /// <summary>The parts as the plugin may see them: secrets as <c>&lt;secret:NAME&gt;</c>.</summary>
    public static string Display(IEnumerable<TextPart> parts) => string.Concat(parts.Select(part => part switch
    {
        Plain plain => plain.Text,
        Secret secret => SecretValue.Placeholder(secret.Name),
        _ => "",
    }));
}
