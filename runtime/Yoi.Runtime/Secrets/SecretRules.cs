using Yoi.Runtime.Manifest;
using Yoi.Runtime.Policy;

namespace Yoi.Runtime.Secrets;

/// <summary>Where a plugin asks to put a secret on one call: a header of an API, or a WebSocket text message.</summary>
public abstract record SecretPlacement(HostApi Api)
{
    public sealed record InHeader(HostApi Api, string HeaderName) : SecretPlacement(Api)
    {
        public override string ToString() => $"the {Api.Name()} header '{HeaderName}'";
    }

    public sealed record InMessage() : SecretPlacement(HostApi.WebSocket)
    {
        public override string ToString() => "websocket text messages";
    }
}

/// <summary>Whether a secret would be attached in one placement, and why (never its value).</summary>
public sealed record SecretVerdict(string Secret, string Placement, bool Attached, string Text);

/// <summary>
/// The rule for attaching a secret on one call, without its value (so <c>yoi plugin explain</c> can
/// apply it too): the call's URL must already be allowed (declared AND granted), the manifest must
/// declare the secret for this placement, and the user's grant of the secret must have a target
/// of this API that allows the same access. Any miss is a denial naming the secret, never its value.
/// </summary>
public static class SecretRules
{
    /// <summary>
    /// For <c>yoi plugin explain --secret NAME</c>: for each way the manifest declares the secret on
    /// the decision's API, whether it would be attached. A secret the manifest does not declare on
    /// this API gives one verdict saying so.
    /// </summary>
    public static IReadOnlyList<SecretVerdict> Explain(string name, PolicyDecision decision, HostApi api, PluginManifest manifest, PluginGrant grant)
    {
        var placements = (manifest.Secret(name)?.Uses ?? [])
            .Where(use => use.Api == api)
            .Select(use => use is SecretUse.Header header ? new SecretPlacement.InHeader(api, header.Name) : (SecretPlacement)new SecretPlacement.InMessage())
            .ToList();
        if (placements.Count == 0)
        {
            var why = manifest.Secret(name) is null
                ? $"secret: '{name}' is not declared in the plugin's manifest"
                : $"secret: '{name}' is not declared for the {api.Name()} API";
            return [new SecretVerdict(name, $"the {api.Name()} API", false, why)];
        }

        return placements.Select(placement =>
        {
            var verdict = Check(name, placement, decision, manifest, grant);
            return verdict.TryGetValue(out var use, out var denial)
                ? new SecretVerdict(name, placement.ToString()!, true, use is SecretUse.Header header ? $"would be sent as {header.Name}: {header.Template.Replace(SecretUse.ValueMarker, SecretValue.Placeholder(name), StringComparison.Ordinal)}" : "would be inserted where the plugin names it")
                : new SecretVerdict(name, placement.ToString()!, false, denial);
        }).ToList();
    }

    /// <summary>The declared use to apply, or the denial text (for <c>denied(...)</c>).</summary>
    public static Result<SecretUse, string> Check(string name, SecretPlacement placement, PolicyDecision decision, PluginManifest manifest, PluginGrant grant)
    {
        var declaration = manifest.Secret(name);
        if (declaration is null)
        {
            return Deny($"'{name}' is not declared in the plugin's manifest");
        }

        SecretUse? use = placement switch
        {
            SecretPlacement.InHeader header => declaration.HeaderUse(header.Api, header.HeaderName),
            SecretPlacement.InMessage => declaration.Uses.OfType<SecretUse.Message>().FirstOrDefault(),
            _ => null,
        };
        if (use is null)
        {
            return Deny($"'{name}' is not declared for {placement}");
        }

        var granted = grant.Secret(name);
        if (granted is null)
        {
            return Deny($"'{name}' is not granted");
        }

        if (!decision.IsAllowed || decision.Access is not { } access)
        {
            return Deny($"'{name}' goes only where the call is allowed, and this one is not");
        }

        var targets = granted.Targets(placement.Api);
        if (targets.Count == 0)
        {
            return Deny($"'{name}' is not granted for the {placement.Api.Name()} API");
        }

        var verdict = PolicyEngine.Decide(access, targets, targets);
        return verdict.IsAllowed
            ? Result<SecretUse, string>.Ok(use)
            : Deny($"'{name}' is not granted for {access.Url}");
    }

    private static Result<SecretUse, string> Deny(string text) => Result<SecretUse, string>.Fail($"secret: {text}");
}
