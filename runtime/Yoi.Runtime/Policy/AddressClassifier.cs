using System.Net;
using System.Net.Sockets;

namespace Yoi.Runtime.Policy;

/// <summary>
/// Classifies IP addresses. Addresses that carry an IPv4 address inside IPv6 (IPv4-mapped,
/// NAT64 64:ff9b::/96, 6to4 2002::/16) are unwrapped first, because a packet to them reaches
/// (or is translated to) the embedded IPv4 host.
/// </summary>
public static class AddressClassifier
{
    // Checked in order: the specific entries come before the blocks that contain them.
    private static readonly (IPNetwork Network, AddressClass Class)[] Ipv4Ranges =
    [
        (Net("169.254.169.254/32"), AddressClass.Metadata),   // AWS, GCP, Azure, OpenStack
        (Net("168.63.129.16/32"), AddressClass.Metadata),     // Azure wire server
        (Net("100.100.100.200/32"), AddressClass.Metadata),   // Alibaba Cloud
        (Net("255.255.255.255/32"), AddressClass.Broadcast),
        (Net("0.0.0.0/8"), AddressClass.Unspecified),
        (Net("127.0.0.0/8"), AddressClass.Loopback),
        (Net("10.0.0.0/8"), AddressClass.Private),
        (Net("172.16.0.0/12"), AddressClass.Private),
        (Net("192.168.0.0/16"), AddressClass.Private),
        (Net("100.64.0.0/10"), AddressClass.Cgnat),
        (Net("169.254.0.0/16"), AddressClass.LinkLocal),
        (Net("192.0.0.0/24"), AddressClass.Reserved),         // IETF protocol assignments
        (Net("192.0.2.0/24"), AddressClass.Documentation),
        (Net("198.51.100.0/24"), AddressClass.Documentation),
        (Net("203.0.113.0/24"), AddressClass.Documentation),
        (Net("198.18.0.0/15"), AddressClass.Benchmarking),
        (Net("192.88.99.0/24"), AddressClass.Reserved),       // deprecated 6to4 relay anycast
        (Net("224.0.0.0/4"), AddressClass.Multicast),
        (Net("240.0.0.0/4"), AddressClass.Reserved),
    ];

    private static readonly (IPNetwork Network, AddressClass Class)[] Ipv6Ranges =
    [
        (Net("::/128"), AddressClass.Unspecified),
        (Net("::1/128"), AddressClass.Loopback),
        (Net("fd00:ec2::254/128"), AddressClass.Metadata),    // AWS IMDS over IPv6
        (Net("::/96"), AddressClass.Reserved),                // deprecated IPv4-compatible
        (Net("64:ff9b:1::/48"), AddressClass.Reserved),       // local-use NAT64 (RFC 8215)
        (Net("100::/64"), AddressClass.Reserved),             // discard-only
        (Net("2001:db8::/32"), AddressClass.Documentation),
        (Net("3fff::/20"), AddressClass.Documentation),
        (Net("2001:2::/48"), AddressClass.Benchmarking),
        (Net("2001::/32"), AddressClass.Reserved),            // Teredo tunnels to an obfuscated IPv4
        (Net("fc00::/7"), AddressClass.UniqueLocal),
        (Net("fe80::/10"), AddressClass.LinkLocal),
        (Net("fec0::/10"), AddressClass.Private),             // deprecated site-local
        (Net("ff00::/8"), AddressClass.Multicast),
    ];

    private static readonly IPNetwork GlobalUnicast = Net("2000::/3");
    private static readonly IPNetwork Nat64 = Net("64:ff9b::/96");
    private static readonly IPNetwork SixToFour = Net("2002::/16");

    public static AddressClass Classify(IPAddress address)
    {
        var effective = Unwrap(address);
        if (effective.AddressFamily == AddressFamily.InterNetwork)
        {
            return Lookup(Ipv4Ranges, effective) ?? AddressClass.Public;
        }

        // Outside 2000::/3 nothing is allocated for public unicast; treat it as reserved.
        return Lookup(Ipv6Ranges, effective)
            ?? (GlobalUnicast.Contains(effective) ? AddressClass.Public : AddressClass.Reserved);
    }

    public static bool IsPublic(IPAddress address) => Classify(address) == AddressClass.Public;

    /// <summary>The IPv4 address embedded in an IPv4-mapped, NAT64 or 6to4 address; otherwise the address itself.</summary>
    public static IPAddress Unwrap(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        if (Nat64.Contains(address))
        {
            return new IPAddress(bytes[12..16]);
        }

        if (SixToFour.Contains(address))
        {
            return new IPAddress(bytes[2..6]);
        }

        return address;
    }

    private static AddressClass? Lookup((IPNetwork Network, AddressClass Class)[] ranges, IPAddress address)
    {
        foreach (var (network, addressClass) in ranges)
        {
            if (network.Contains(address))
            {
                return addressClass;
            }
        }

        return null;
    }

    private static IPNetwork Net(string cidr) => IPNetwork.Parse(cidr);
}
