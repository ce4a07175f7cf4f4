using System.Diagnostics.CodeAnalysis;
using Yoi.Runtime.Services;

namespace Yoi.Runtime.GenericHost;

/// <summary>The <see cref="IPluginServices"/> the hosted service fills as it starts services.</summary>
internal sealed class PluginServiceRegistry : IPluginServices
{
    private readonly object _gate = new();
    private readonly Dictionary<string, PluginService> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<KeyValuePair<string, PluginService>> _inOrder = [];

    public bool TryGet(string name, [NotNullWhen(true)] out PluginService? service)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_gate)
        {
            return _byName.TryGetValue(name, out service);
        }
    }

    public IReadOnlyList<KeyValuePair<string, PluginService>> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _inOrder];
            }
        }
    }

    public void Add(string name, PluginService service)
    {
        lock (_gate)
        {
            _byName.Add(name, service);
            _inOrder.Add(new(name, service));
        }
    }
}
