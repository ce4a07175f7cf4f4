using System.Diagnostics.CodeAnalysis;
using Yoi.Runtime.Services;

namespace Yoi.Runtime.GenericHost;

/// <summary>
/// The plugin services the host started, by their configured name (compared ignoring case). Filled
/// while the host starts; a service stays listed after it ends, so its <see cref="PluginService.Completion"/>
/// and <see cref="PluginService.State"/> can still be read.
/// </summary>
public interface IPluginServices
{
    /// <summary>The service configured as <paramref name="name"/>, once it has started.</summary>
    bool TryGet(string name, [NotNullWhen(true)] out PluginService? service);

    /// <summary>Every started service by name, in the order they started.</summary>
    IReadOnlyList<KeyValuePair<string, PluginService>> All { get; }
}
