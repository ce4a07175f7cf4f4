using System.Net;
using System.Net.Sockets;

namespace Yoi.Runtime.Policy;

/// <summary>The host of a canonical URL: a DNS name or an IP address, never raw text.</summary>
public abstract record UrlHost
{
    /// <summary>The host as written in a canonical URL (IPv6 in brackets).</summary>
    public abstract string UrlText { get; }

    public sealed override string ToString() => UrlText;
}

/// <summary>An ASCII (punycode), lower-case DNS name without a trailing dot.</summary>
public sealed record DnsHost(string Name) : UrlHost
{
    public bool IsLocalhost => Name == "localhost";

    public override string UrlText => Name;
}

/// <summary>An IP literal; IPv4-mapped IPv6 literals are stored as the IPv4 address.</summary>
public sealed record IpHost(IPAddress Address) : UrlHost
{
    public override string UrlText =>
        Address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{Address}]" : Address.ToString();
}
