using System.Net;

namespace Yoi.Runtime.Policy;

/// <summary>
/// Compares targets part by part (scheme, host, port, paths, subprotocols or methods) to say how much
/// of what a manifest declares a grant covers. Used by <c>yoi plugin show</c>; the per-call decision
/// is <see cref="PolicyEngine"/>'s, not this.
/// </summary>
public static class TargetCoverage
{
    /// <summary>How much of <paramref name="declared"/> the <paramref name="grant"/> allows.</summary>
    public static Coverage Of(Target declared, Target grant)
    {
        if (declared.Api != grant.Api || declared.Scheme != grant.Scheme)
        {
            return Coverage.None;
        }

        var coverage = Host(declared.Host, grant.Host);
        coverage = CoverageMath.Min(coverage, Port(declared.Port, grant.Port));
        coverage = CoverageMath.Min(coverage, Paths(declared.Paths, grant.Paths));
        return (declared, grant) switch
        {
            (WebSocketTarget d, WebSocketTarget g) => CoverageMath.Min(coverage, Tokens(d.Subprotocols, g.Subprotocols, emptyOverlaps: true)),
            (RequestTarget d, RequestTarget g) => CoverageMath.Min(coverage, Tokens(d.Methods, g.Methods, emptyOverlaps: false)),
            _ => Coverage.None,
        };
    }

    private static Coverage Host(HostPattern declared, HostPattern grant) => (declared, grant) switch
    {
        _ when declared == grant => Coverage.Full,
        (ExactHostPattern d, WildcardHostPattern g) => d.Name.EndsWith("." + g.Suffix, StringComparison.Ordinal) ? Coverage.Full : Coverage.None,
        (WildcardHostPattern d, WildcardHostPattern g) =>
            d.Suffix.EndsWith("." + g.Suffix, StringComparison.Ordinal) ? Coverage.Full
            : g.Suffix.EndsWith("." + d.Suffix, StringComparison.Ordinal) ? Coverage.Partial
            : Coverage.None,
        (WildcardHostPattern d, ExactHostPattern g) => g.Name.EndsWith("." + d.Suffix, StringComparison.Ordinal) ? Coverage.Partial : Coverage.None,
        (IpHostPattern d, CidrHostPattern g) => g.Network.Contains(d.Address) ? Coverage.Full : Coverage.None,
        (CidrHostPattern d, IpHostPattern g) => d.Network.Contains(g.Address) ? Coverage.Partial : Coverage.None,
        (CidrHostPattern d, CidrHostPattern g) => Networks(d.Network, g.Network),
        _ => Coverage.None,
    };

    private static Coverage Networks(IPNetwork declared, IPNetwork grant) =>
        grant.Contains(declared.BaseAddress) && grant.PrefixLength <= declared.PrefixLength ? Coverage.Full
        : declared.Contains(grant.BaseAddress) ? Coverage.Partial
        : Coverage.None;

    private static Coverage Port(PortRule declared, PortRule grant) =>
        grant.IsAny || declared.Port == grant.Port ? Coverage.Full
        : declared.IsAny ? Coverage.Partial
        : Coverage.None;

    private static Coverage Paths(PathPrefixSet declared, PathPrefixSet grant)
    {
        if (grant.Prefixes.Count == 0)
        {
            return Coverage.Full;
        }

        var declaredPrefixes = declared.Prefixes.Count == 0 ? ["/"] : declared.Prefixes;
        if (declaredPrefixes.All(d => grant.Prefixes.Any(g => UrlPath.IsUnderPrefix(d, g))))
        {
            return Coverage.Full;
        }

        return declaredPrefixes.Any(d => grant.Prefixes.Any(g => UrlPath.IsUnderPrefix(d, g) || UrlPath.IsUnderPrefix(g, d)))
            ? Coverage.Partial
            : Coverage.None;
    }

    /// <param name="emptyOverlaps">Subprotocols: a connection offering none is allowed by any target.</param>
    private static Coverage Tokens(TokenRule declared, TokenRule grant, bool emptyOverlaps)
    {
        if (grant.AllowsAny || (!declared.AllowsAny && declared.Tokens.All(grant.Tokens.Contains)))
        {
            return Coverage.Full;
        }

        bool overlap = declared.AllowsAny ? grant.Tokens.Count > 0 : declared.Tokens.Any(grant.Tokens.Contains);
        return overlap || emptyOverlaps ? Coverage.Partial : Coverage.None;
    }
}
