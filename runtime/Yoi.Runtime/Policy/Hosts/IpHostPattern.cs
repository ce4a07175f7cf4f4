using System.Net;

namespace Yoi.Runtime.Policy;

/// <summary>One IP address; IPv4-mapped IPv6 is stored as IPv4, as in URLs.</summary>
public sealed record IpHostPattern(IPAddress Address) : HostPattern
{
    public override bool Matches(UrlHost host) => host is IpHost ip && ip.Address.Equals(Address);

    public override bool NamesAddressExplicitly(IPAddress address) => address.Equals(Address);

    public override bool NamesPrivateExplicitly => AddressClassifier.Classify(Address) != AddressClass.Public;

    public override string ToString() => Address.ToString();
}
