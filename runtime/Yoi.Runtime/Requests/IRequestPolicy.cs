using Yoi.Runtime.Manifest;
using Yoi.Runtime.Policy;
using Yoi.Runtime.Secrets;

namespace Yoi.Runtime.Requests;

/// <summary>The per-instance policy asked on every <c>request.send</c>: declared AND granted.</summary>
public interface IRequestPolicy
{
    PolicyDecision DecideRequest(string url, string method);

    /// <summary>The secrets the instance may name in headers; none unless the host bound some.</summary>
    PluginSecrets Secrets => PluginSecrets.None;
}

/// <summary>A policy from a bound manifest and grant (<see cref="PluginPolicy"/>).</summary>
public sealed class PluginRequestPolicy(PluginPolicy policy) : IRequestPolicy
{
    public PolicyDecision DecideRequest(string url, string method) => policy.DecideRequest(url, method);

    public PluginSecrets Secrets => policy.Secrets;
}

/// <summary>A policy from target lists, for hosts that keep declarations and grants elsewhere.</summary>
public sealed class RequestTargetListPolicy(IReadOnlyList<Target> declared, IReadOnlyList<Target> granted) : IRequestPolicy
{
    public PolicyDecision DecideRequest(string url, string method) => PolicyEngine.DecideRequest(url, method, declared, granted);
}
