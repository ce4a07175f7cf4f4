using System.Net;
using System.Net.Sockets;

namespace Yoi.Runtime.Policy;

/// <summary>
/// A CIDR block. It names a non-public address explicitly only when the whole block lies in that
/// address's class: <c>10.0.0.0/8</c> names 10.1.2.3, but <c>0.0.0.0/0</c> names nothing private, and
/// <c>169.254.0.0/16</c> does not name the metadata address 169.254.169.254.
/// </summary>
public sealed record CidrHostPattern(IPNetwork Network) : HostPattern
{
    private const int BroadIpv4Prefix = 16;
    private const int BroadIpv6Prefix = 32;

    public override bool Matches(UrlHost host) => host is IpHost ip && Network.Contains(ip.Address);

    /// <summary>Wider than /16 (IPv4) or /32 (IPv6).</summary>
    public override bool IsBroad => Network.PrefixLength <
        (Network.BaseAddress.AddressFamily == AddressFamily.InterNetwork ? BroadIpv4Prefix : BroadIpv6Prefix);

    public override bool NamesAddressExplicitly(IPAddress address)
    {
        if (!Network.Contains(address))
        {
            return false;
        }

        var addressClass = AddressClassifier.Classify(address);
        return AddressClassifier.Classify(Network.BaseAddress) == addressClass
            && AddressClassifier.Classify(LastAddress()) == addressClass;
    }

    public override bool NamesPrivateExplicitly
    {
        get
        {
            var first = AddressClassifier.Classify(Network.BaseAddress);
            return first != AddressClass.Public && first == AddressClassifier.Classify(LastAddress());
        }
    }

    public override string ToString() => Network.ToString();

    internal static new Result<HostPattern, string> Parse(string text)
    {
        var bare = text.Replace("[", "").Replace("]", "");
        if (!IPNetwork.TryParse(bare, out var network))
        {
            return Fail($"'{text}' is not a valid CIDR block (address/prefix)");
        }

        // Some runtimes mask host bits silently; a block written as 127.0.0.1/8 is probably a typo.
        if (!IPAddress.TryParse(bare[..bare.IndexOf('/')], out var written) || !written.Equals(network.BaseAddress))
        {
            return Fail($"'{text}' has host bits set; write the block as {network}");
        }

        if (network.BaseAddress.IsIPv4MappedToIPv6)
        {
            return Fail($"'{text}': write IPv4-mapped blocks in IPv4 form");
        }

        return Result<HostPattern, string>.Ok(new CidrHostPattern(network));
    }

    private IPAddress LastAddress()
    {
        var bytes = Network.BaseAddress.GetAddressBytes();
        for (var bit = Network.PrefixLength; bit < bytes.Length * 8; bit++)
        {
            bytes[bit / 8] |= (byte)(0x80 >> (bit % 8));
        }

        return new IPAddress(bytes);
    }
}
