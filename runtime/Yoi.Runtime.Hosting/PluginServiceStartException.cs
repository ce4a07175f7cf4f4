namespace Yoi.Runtime.GenericHost;

/// <summary>
/// A configured plugin service could not be loaded or started, so the host does not start. The
/// message names the service and carries every problem (load errors as <c>file:line:col: error: ...</c>).
/// </summary>
public sealed class PluginServiceStartException(string service, string message) : Exception(message)
{
    /// <summary>The service's configured name.</summary>
    public string Service { get; } = service;
}
