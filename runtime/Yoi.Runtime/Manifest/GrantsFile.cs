using Yoi.Runtime.Policy;
using Yoi.Runtime.Secrets;

namespace Yoi.Runtime.Manifest;

/// <summary>What the user allowed one plugin build (id + version + component digest) to reach.</summary>
public sealed record PluginGrant(
    string Id,
    SemanticVersion Version,
    ContentDigest Digest,
    IReadOnlySet<HostApi> HostApis,
    IReadOnlyList<WebSocketTarget> WebSocketTargets,
    IReadOnlyList<RequestTarget> RequestTargets,
    SourceLocation Location)
{
    /// <summary>The secrets the user grants this build (<c>[[plugin.secret]]</c>): value sources and targets.</summary>
    public IReadOnlyList<SecretGrant> Secrets { get; init; } = [];

    public SecretGrant? Secret(string name) => Secrets.FirstOrDefault(s => s.Name == name);

    /// <summary>The granted targets for one API (empty when the API is not granted).</summary>
    public IReadOnlyList<Target> Granted(HostApi api) =>
        !HostApis.Contains(api) ? [] : api == HostApi.WebSocket ? WebSocketTargets : RequestTargets;
}

/// <summary>A user's enablement config: the grants for every plugin it enables.</summary>
public sealed record GrantsFile(IReadOnlyList<PluginGrant> Plugins, string File)
{
    /// <summary>
    /// The grant bound to exactly this build, or null. A new version or a changed component (another
    /// digest) gets nothing until the user grants it again.
    /// </summary>
    public PluginGrant? Find(string id, SemanticVersion version, ContentDigest digest) =>
        Plugins.FirstOrDefault(p => p.Id == id && p.Version == version && p.Digest == digest);
}
