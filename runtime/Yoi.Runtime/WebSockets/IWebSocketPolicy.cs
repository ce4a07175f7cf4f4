using Yoi.Runtime.Manifest;
using Yoi.Runtime.Policy;
using Yoi.Runtime.Secrets;

namespace Yoi.Runtime.WebSockets;

/// <summary>The per-instance policy a session asks on every open: declared AND granted.</summary>
public interface IWebSocketPolicy
{
    PolicyDecision DecideWebSocket(string url, IReadOnlyList<string> subprotocols);

    /// <summary>The secrets the instance may name in headers and messages; none unless the host bound some.</summary>
    PluginSecrets Secrets => PluginSecrets.None;
}

/// <summary>A policy from a bound manifest and grant (<see cref="PluginPolicy"/>).</summary>
public sealed class PluginWebSocketPolicy(PluginPolicy policy) : IWebSocketPolicy
{
    public PolicyDecision DecideWebSocket(string url, IReadOnlyList<string> subprotocols) => policy.DecideWebSocket(url, subprotocols);

    public PluginSecrets Secrets => policy.Secrets;
}

/// <summary>A policy from target lists, for hosts that keep declarations and grants elsewhere.</summary>
public sealed class TargetListPolicy(IReadOnlyList<Target> declared, IReadOnlyList<Target> granted) : IWebSocketPolicy
{
    public PolicyDecision DecideWebSocket(string url, IReadOnlyList<string> subprotocols) =>
        PolicyEngine.DecideWebSocket(url, subprotocols, declared, granted);
}
