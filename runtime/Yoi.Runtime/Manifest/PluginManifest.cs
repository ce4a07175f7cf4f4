using Yoi.Runtime.Policy;

namespace Yoi.Runtime.Manifest;

/// <summary>What a plugin says about itself in plugin.toml, including the targets it declares.</summary>
public sealed record PluginManifest(
    string Id,
    string Name,
    SemanticVersion Version,
    string ComponentPath,
    string World,
    IReadOnlySet<HostApi> HostApis,
    IReadOnlyList<WebSocketTarget> WebSocketTargets,
    IReadOnlyList<RequestTarget> RequestTargets,
    string File)
{
    /// <summary>The declared targets for one API (empty when the API is not listed).</summary>
    public IReadOnlyList<Target> Declared(HostApi api) =>
        !HostApis.Contains(api) ? [] : api == HostApi.WebSocket ? WebSocketTargets : RequestTargets;
}
