using Yoi.Runtime.Policy;
using Yoi.Runtime.Secrets;

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
    /// <summary>The secrets the plugin says it needs (<c>[[secret]]</c>), by name.</summary>
    public IReadOnlyList<SecretDeclaration> Secrets { get; init; } = [];

    public SecretDeclaration? Secret(string name) => Secrets.FirstOrDefault(s => s.Name == name);

    /// <summary>The declared targets for one API (empty when the API is not listed).</summary>
    public IReadOnlyList<Target> Declared(HostApi api) =>
        !HostApis.Contains(api) ? [] : api == HostApi.WebSocket ? WebSocketTargets : RequestTargets;
}
