using Yoi.Runtime.Policy;
using Yoi.Runtime.Secrets;

namespace Yoi.Runtime.Manifest;

/// <summary>
/// A plugin's manifest bound to the grant for exactly its id, version and component digest:
/// the declared and granted lists every call is checked against.
/// </summary>
public sealed record PluginPolicy(PluginManifest Manifest, PluginGrant Grant)
{
    /// <summary>The granted secrets with their values, once <see cref="SecretBinder"/> has read them; none before.</summary>
    public PluginSecrets Secrets { get; init; } = PluginSecrets.None;

    /// <param name="componentDigest">The digest of the component bytes the host is about to load.</param>
    public static Result<PluginPolicy, string> Bind(PluginManifest manifest, ContentDigest componentDigest, GrantsFile grants)
    {
        var grant = grants.Find(manifest.Id, manifest.Version, componentDigest);
        if (grant is not null)
        {
            return Result<PluginPolicy, string>.Ok(new PluginPolicy(manifest, grant));
        }

        var sameId = grants.Plugins.Where(p => p.Id == manifest.Id).ToList();
        var hint = sameId.Count == 0
            ? $"{grants.File} has no [[plugin]] with id '{manifest.Id}'"
            : $"{grants.File} grants '{manifest.Id}' only as " + string.Join("; ", sameId.Select(p => $"{p.Version} {p.Digest} (at {p.Location})"));
        return Result<PluginPolicy, string>.Fail(
            $"plugin '{manifest.Id}' {manifest.Version} with component {componentDigest} is not granted: {hint}");
    }

    public PolicyDecision DecideWebSocket(string url, IReadOnlyList<string> subprotocols) =>
        PolicyEngine.DecideWebSocket(url, subprotocols, Manifest.Declared(HostApi.WebSocket), Grant.Granted(HostApi.WebSocket));

    public PolicyDecision DecideRequest(string url, string method) =>
        PolicyEngine.DecideRequest(url, method, Manifest.Declared(HostApi.Request), Grant.Granted(HostApi.Request));

    public PolicyDecision Decide(AccessRequest access) =>
        PolicyEngine.Decide(access, Manifest.Declared(access.Api), Grant.Granted(access.Api));
}
