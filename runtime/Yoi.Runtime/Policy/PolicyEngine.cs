using System.Net;

namespace Yoi.Runtime.Policy;

/// <summary>
/// Decides whether a plugin may reach a URL: some declared target AND some granted target must both
/// allow it. Non-public IP literals (and localhost) pass only through targets that name them
/// explicitly, on both sides; the same rule is applied again to the addresses DNS returns.
/// Pure: no I/O, no clock, no state.
/// </summary>
public static class PolicyEngine
{
    public static PolicyDecision DecideWebSocket(string url, IReadOnlyList<string> subprotocols, IReadOnlyList<Target> declared, IReadOnlyList<Target> granted) =>
        DecideUrl(url, parsed => new WebSocketAccess(parsed, subprotocols), declared, granted);

    public static PolicyDecision DecideRequest(string url, string method, IReadOnlyList<Target> declared, IReadOnlyList<Target> granted) =>
        DecideUrl(url, parsed => new HttpAccess(parsed, method), declared, granted);

    public static PolicyDecision Decide(AccessRequest access, IReadOnlyList<Target> declared, IReadOnlyList<Target> granted)
    {
        var requested = access.ToString();
        var url = access.Url;
        if (!access.Api.AllowsScheme(url.Scheme))
        {
            return PolicyDecision.Deny(requested, access, DenialReason.Scheme,
                $"the {access.Api.Name()} API takes {access.Api.SchemeList()} URLs, not {url.Scheme}");
        }

        var invalid = CheckApiPart(access);
        if (invalid is not null)
        {
            return invalid;
        }

        var declaration = FindMatch(access, declared, PolicySide.Declaration);
        if (declaration.Denial is not null)
        {
            return declaration.Denial;
        }

        var grant = FindMatch(access, granted, PolicySide.Grant);
        if (grant.Denial is not null)
        {
            return grant.Denial;
        }

        return PolicyDecision.Allow(access, declaration.Match!, grant.Match!, declared, granted);
    }

    /// <summary>
    /// Connect-time check on what DNS returned for an allowed decision. Every address must be public,
    /// or be named explicitly on both sides by a target that otherwise allows the request (an IP or
    /// CIDR containing it; <c>localhost</c> for loopback when the URL host is localhost). A localhost
    /// URL must resolve to loopback only. A public name that resolves or rebinds to a private address
    /// is refused.
    /// </summary>
    public static AddressDecision CheckResolvedAddresses(PolicyDecision decision, IReadOnlyList<IPAddress> addresses)
    {
        if (!decision.IsAllowed || decision.Access is null)
        {
            return AddressDecision.Deny(decision.Reason ?? DenialReason.InvalidUrl, "the request itself was denied: " + decision.Message);
        }

        var access = decision.Access;
        if (addresses.Count == 0)
        {
            return AddressDecision.Deny(DenialReason.NoAddresses, $"{access.Url.Host} resolved to no addresses");
        }

        var vetted = new List<IPAddress>(addresses.Count);
        var urlIsLocalhost = access.Url.Host is DnsHost { IsLocalhost: true };
        foreach (var raw in addresses)
        {
            var address = raw.IsIPv4MappedToIPv6 ? raw.MapToIPv4() : raw;
            var addressClass = AddressClassifier.Classify(address);
            if (urlIsLocalhost && addressClass != AddressClass.Loopback)
            {
                return AddressDecision.Deny(DenialReason.PrivateAddress,
                    $"localhost resolved to {address} ({addressClass}); localhost may only reach loopback");
            }

            if (addressClass != AddressClass.Public)
            {
                foreach (var (side, targets) in new[] { (PolicySide.Declaration, decision.Declared), (PolicySide.Grant, decision.Granted) })
                {
                    if (!targets.Any(target => NamesResolvedAddress(target, access, address, addressClass)))
                    {
                        return AddressDecision.Deny(DenialReason.PrivateAddress,
                            $"{access.Url.Host} resolved to {address} ({addressClass}), which no {SideName(side)} names explicitly",
                            side);
                    }
                }
            }

            vetted.Add(address);
        }

        return AddressDecision.Allow(vetted);
    }

    private static PolicyDecision DecideUrl(string url, Func<CanonicalUrl, AccessRequest> makeAccess, IReadOnlyList<Target> declared, IReadOnlyList<Target> granted)
    {
        var parsed = CanonicalUrl.Parse(url);
        if (!parsed.TryGetValue(out var canonical, out var error))
        {
            return PolicyDecision.Deny(url, null, DenialReason.InvalidUrl, $"{error.Message} ({error.Code})");
        }

        return Decide(makeAccess(canonical), declared, granted);
    }

    private static PolicyDecision? CheckApiPart(AccessRequest access)
    {
        switch (access)
        {
            case HttpAccess { Method: "CONNECT" }:
                return PolicyDecision.Deny(access.ToString(), access, DenialReason.Method, "CONNECT opens a tunnel; the request API does not allow it");
            case HttpAccess call when !HttpToken.IsValid(call.Method):
                return PolicyDecision.Deny(access.ToString(), access, DenialReason.Method, $"'{call.Method}' is not a valid method token");
            case WebSocketAccess open when open.Subprotocols.FirstOrDefault(p => !HttpToken.IsValid(p)) is { } bad:
                return PolicyDecision.Deny(access.ToString(), access, DenialReason.Subprotocol, $"'{bad}' is not a valid subprotocol token");
            default:
                return null;
        }
    }

    private static (Target? Match, PolicyDecision? Denial) FindMatch(AccessRequest access, IReadOnlyList<Target> targets, PolicySide side)
    {
        var evaluations = targets
            .Where(target => target.Api == access.Api)
            .Select(target => TargetMatcher.Evaluate(target, access))
            .ToList();
        var match = evaluations.FirstOrDefault(evaluation => evaluation.IsMatch);
        if (match is not null)
        {
            return (match.Target, null);
        }

        var notListed = side == PolicySide.Declaration ? DenialReason.NotDeclared : DenialReason.NotGranted;
        var failures = evaluations.Select(e => $"{e.Target.Describe()}: {e.Failure}").ToList();
        if (evaluations.Count == 0)
        {
            var none = $"no {SideName(side)} lists any {access.Api.Name()} target";
            return (null, PolicyDecision.Deny(access.ToString(), access, notListed, none, side, failures));
        }

        // Report the target that got furthest: "port 8443 is not 443" says more than "not declared".
        var nearest = evaluations.MaxBy(evaluation => evaluation.ReachedStage)!;
        var reason = nearest.ReachedStage switch
        {
            MatchStage.PrivateAddress => DenialReason.PrivateAddress,
            MatchStage.Scheme => DenialReason.Scheme,
            MatchStage.Port => DenialReason.Port,
            MatchStage.Path => DenialReason.Path,
            MatchStage.Extra => access.Api == HostApi.WebSocket ? DenialReason.Subprotocol : DenialReason.Method,
            _ => notListed,
        };
        var message = reason == notListed
            ? $"no {SideName(side)} for {access.Api.Name()} names host {access.Url.Host}"
            : $"nearest {SideName(side)} {nearest.Target.Describe()}: {nearest.Failure}";
        return (null, PolicyDecision.Deny(access.ToString(), access, reason, message, side, failures));
    }

    private static bool NamesResolvedAddress(Target target, AccessRequest access, IPAddress address, AddressClass addressClass)
    {
        if (target.Api != access.Api || TargetMatcher.EvaluateExceptHost(target, access) is not null)
        {
            return false;
        }

        return target.Host.NamesAddressExplicitly(address)
            || (target.Host is LocalhostPattern && access.Url.Host is DnsHost { IsLocalhost: true } && addressClass == AddressClass.Loopback);
    }

    private static string SideName(PolicySide side) => side == PolicySide.Declaration ? "declaration" : "grant";
}
