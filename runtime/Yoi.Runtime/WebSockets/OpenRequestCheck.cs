using Yoi.Runtime.Policy;

namespace Yoi.Runtime.WebSockets;

/// <summary>An open that passed every check: the decision, and the headers to write (secrets filled in).</summary>
internal sealed record CheckedOpen(PolicyDecision Decision, IReadOnlyList<(string Name, string Value)> Headers);

/// <summary>
/// Everything about an open that can be decided without the network: header names and values
/// (<see cref="PluginHeaderCheck"/>), the subprotocol list, the declared-AND-granted decision, and
/// then each secret header (<see cref="Secrets.SecretRules"/>). Malformed input is
/// <c>invalid-argument</c>; a refusal is <c>denied</c>.
/// </summary>
internal static class OpenRequestCheck
{
    public const int MaxHeaders = 32;

    public static Result<CheckedOpen, ConnectFailure> Check(OpenRequest request, IWebSocketPolicy policy)
    {
        if (request.Headers.Count > MaxHeaders)
        {
            return Fail(new HostError.Limit($"at most {MaxHeaders} headers per open"), "limit-headers");
        }

        if (PluginHeaderCheck.FirstRefusal(request.Headers) is { } refusal)
        {
            return refusal.Reason is HeaderRefusalReason.InvalidName or HeaderRefusalReason.InvalidValue
                ? Fail(new HostError.InvalidArgument(refusal.Message), "invalid-header")
                : Fail(new HostError.Denied(refusal.Message), "header");
        }

        var duplicate = request.Headers.GroupBy(h => h.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            return Fail(new HostError.InvalidArgument($"header '{duplicate.Key}' is given more than once"), "invalid-header");
        }

        var repeated = request.Subprotocols.GroupBy(p => p, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            return Fail(new HostError.InvalidArgument($"subprotocol '{repeated.Key}' is offered more than once"), "invalid-subprotocol");
        }

        var decision = policy.DecideWebSocket(request.Url, request.Subprotocols);
        if (decision.IsAllowed)
        {
            return policy.Secrets.ResolveHeaders(HostApi.WebSocket, request.Headers, decision).TryGetValue(out var headers, out var denial)
                ? Result<CheckedOpen, ConnectFailure>.Ok(new CheckedOpen(decision, headers))
                : Fail(new HostError.Denied(denial), "secret");
        }

        var reason = decision.Reason ?? DenialReason.InvalidUrl;
        return reason == DenialReason.InvalidUrl
            ? Fail(new HostError.InvalidArgument(decision.Message), reason.Code())
            : Fail(new HostError.Denied(decision.DenialText), reason.Code());
    }

    private static Result<CheckedOpen, ConnectFailure> Fail(HostError error, string reason) =>
        Result<CheckedOpen, ConnectFailure>.Fail(new ConnectFailure(error, reason));
}
