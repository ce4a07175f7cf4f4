namespace Yoi.Runtime.Policy;

/// <summary>
/// What kind of network an address belongs to. Everything but <see cref="Public"/> is reachable
/// only through targets that name it explicitly on both the declaration and the grant.
/// </summary>
public enum AddressClass
{
    Public,
    Loopback,
    /// <summary>RFC 1918 (and deprecated IPv6 site-local fec0::/10).</summary>
    Private,
    /// <summary>fc00::/7.</summary>
    UniqueLocal,
    LinkLocal,
    /// <summary>100.64.0.0/10 carrier-grade NAT.</summary>
    Cgnat,
    /// <summary>0.0.0.0/8 and ::; Linux connects 0.0.0.0 to the local host.</summary>
    Unspecified,
    Multicast,
    Broadcast,
    Documentation,
    Benchmarking,
    /// <summary>240.0.0.0/4, IETF protocol blocks, tunnels and unallocated IPv6.</summary>
    Reserved,
    /// <summary>Cloud instance metadata services, which hand out credentials.</summary>
    Metadata,
}
