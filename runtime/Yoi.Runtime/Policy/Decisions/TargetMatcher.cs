using System.Net;

namespace Yoi.Runtime.Policy;

/// <summary>The stages a target is checked in; a later stage means "nearer to matching".</summary>
internal enum MatchStage
{
    Host,
    PrivateAddress,
    Scheme,
    Port,
    Path,
    Extra,
    Matched,
}

/// <summary>How far one target got with one access request, and why it stopped.</summary>
internal sealed record TargetEvaluation(Target Target, MatchStage ReachedStage, string? Failure)
{
    public bool IsMatch => ReachedStage == MatchStage.Matched;
}

/// <summary>Checks one target against one access request, part by part.</summary>
internal static class TargetMatcher
{
    public static TargetEvaluation Evaluate(Target target, AccessRequest access)
    {
        var url = access.Url;
        if (!target.Host.Matches(url.Host))
        {
            return new(target, MatchStage.Host, $"host {url.Host} is not {target.Host}");
        }

        if (url.Host is IpHost ip && !IsReachable(target.Host, ip.Address))
        {
            var addressClass = AddressClassifier.Classify(ip.Address);
            return new(target, MatchStage.PrivateAddress,
                $"{ip.Address} is {addressClass}; host {target.Host} does not name it explicitly");
        }

        var rest = EvaluateExceptHost(target, access);
        return rest ?? new(target, MatchStage.Matched, null);
    }

    /// <summary>Scheme, port, path and subprotocols/method: everything but the host. Null when all match.</summary>
    public static TargetEvaluation? EvaluateExceptHost(Target target, AccessRequest access)
    {
        var url = access.Url;
        if (target.Scheme != url.Scheme)
        {
            return new(target, MatchStage.Scheme, $"scheme {url.Scheme} is not {target.Scheme}");
        }

        if (!target.Port.Allows(url.Port))
        {
            return new(target, MatchStage.Port, $"port {url.Port} is not {target.Port}");
        }

        if (!target.Paths.Allows(url.Path))
        {
            return new(target, MatchStage.Path, $"path {url.Path} is not under [{target.Paths}]");
        }

        var extra = (target, access) switch
        {
            (WebSocketTarget ws, WebSocketAccess open) => CheckSubprotocols(ws, open),
            (RequestTarget request, HttpAccess call) => CheckMethod(request, call),
            _ => $"target is for {target.Api.Name()}, not {access.Api.Name()}",
        };
        return extra is null ? null : new(target, MatchStage.Extra, extra);
    }

    private static bool IsReachable(HostPattern host, IPAddress address) =>
        AddressClassifier.IsPublic(address) || host.NamesAddressExplicitly(address);

    private static string? CheckSubprotocols(WebSocketTarget target, WebSocketAccess open)
    {
        // The server picks one of the offered subprotocols, so every offered one must be allowed.
        var refused = open.Subprotocols.FirstOrDefault(offered => !target.Subprotocols.Allows(offered));
        return refused is null ? null : $"subprotocol '{refused}' is not in [{target.Subprotocols}]";
    }

    private static string? CheckMethod(RequestTarget target, HttpAccess call) =>
        target.Methods.Allows(call.Method) ? null : $"method {call.Method} is not in [{target.Methods}]";
}
