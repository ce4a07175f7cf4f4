using Wasmtime.Components;
using Yoi.Runtime.Manifest;
using Yoi.Runtime.Plugins;
using Yoi.Runtime.Policy;

namespace Yoi.Runtime.Hosting;

/// <summary>
/// A plugin ready to start: its folder, its manifest bound to the user's grant for exactly this id,
/// version and component digest, and its compiled component (shared by all its instances).
/// </summary>
public sealed record LoadedPlugin(PluginDirectory Directory, PluginPolicy Policy, Component Component)
{
    public string Id => Directory.Manifest.Id;

    /// <summary>Whether the manifest's <c>runtime.world</c> is <c>yoi:host/service</c> (else <c>yoi:host/plugin</c>).</summary>
    public bool IsService =>
        Directory.Manifest.World == PluginHost.ServiceWorld || Directory.Manifest.World.StartsWith(PluginHost.ServiceWorld + "@", StringComparison.Ordinal);

    /// <summary>An API is usable only when the manifest requests it and the grant grants it.</summary>
    public bool Allows(HostApi api) =>
        Directory.Manifest.HostApis.Contains(api) && Policy.Grant.HostApis.Contains(api);
}
