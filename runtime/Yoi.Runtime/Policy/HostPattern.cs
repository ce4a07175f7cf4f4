using System.Net;
using System.Net.Sockets;

namespace Yoi.Runtime.Policy;

/// <summary>
/// The host part of a target: an exact DNS name, a <c>*.suffix</c> wildcard, an IP literal,
/// a CIDR block, or <c>localhost</c>.
/// </summary>
public abstract record HostPattern
{
    public abstract bool Matches(UrlHost host);

    /// <summary>Wildcards (and very wide CIDR blocks) cover hosts nobody listed one by one.</summary>
    public virtual bool IsBroad => false;

    /// <summary>
    /// True when this pattern names <paramref name="address"/> on purpose, which is what a
    /// non-public address needs: an IP literal or CIDR lying wholly inside that address's class.
    /// A DNS name never names an address; <c>localhost</c> is handled by the policy engine.
    /// </summary>
    public virtual bool NamesAddressExplicitly(IPAddress address) => false;

    /// <summary>True for IP literals, CIDRs in a non-public class, and localhost.</summary>
    public abstract bool NamesPrivateExplicitly { get; }

    public static Result<HostPattern, string> Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Fail("the host is empty");
        }

        if (text.Contains('/'))
        {
            return CidrHostPattern.Parse(text);
        }

        if (text.StartsWith("*.", StringComparison.Ordinal))
        {
            return WildcardHostPattern.Parse(text);
        }

        if (text.Contains('*'))
        {
            return Fail($"'{text}': '*' is only allowed as a whole first label ('*.example.com')");
        }

        // IPv6 literals may be written with or without brackets in a target.
        var urlForm = text.Contains(':') && !text.StartsWith('[') ? $"[{text}]" : text;
        var host = HostNameCanonicalizer.Canonicalize(urlForm);
        if (!host.TryGetValue(out var canonical, out var error))
        {
            return Fail($"'{text}': {error.Message}");
        }

        return canonical switch
        {
            IpHost ip => Result<HostPattern, string>.Ok(new IpHostPattern(ip.Address)),
            DnsHost { IsLocalhost: true } => Result<HostPattern, string>.Ok(new LocalhostPattern()),
            DnsHost dns => Result<HostPattern, string>.Ok(new ExactHostPattern(dns.Name)),
            _ => Fail($"'{text}' is not a host"),
        };
    }

    protected static Result<HostPattern, string> Fail(string message) => Result<HostPattern, string>.Fail(message);
}
