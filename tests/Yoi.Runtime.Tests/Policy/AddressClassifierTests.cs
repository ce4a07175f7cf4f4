using System.Net;
using Yoi.Runtime.Policy;

namespace Yoi.Runtime.Tests.Policy;

public class AddressClassifierTests
{
    [Theory]
    [InlineData("8.8.8.8", AddressClass.Public)]
    [InlineData("1.1.1.1", AddressClass.Public)]
    [InlineData("172.32.0.1", AddressClass.Public)]
    [InlineData("100.128.0.1", AddressClass.Public)]
    [InlineData("198.20.0.1", AddressClass.Public)]
    [InlineData("127.0.0.1", AddressClass.Loopback)]
    [InlineData("127.255.255.254", AddressClass.Loopback)]
    [InlineData("10.0.0.1", AddressClass.Private)]
    [InlineData("172.16.0.1", AddressClass.Private)]
    [InlineData("172.31.255.255", AddressClass.Private)]
    [InlineData("192.168.1.1", AddressClass.Private)]
    [InlineData("169.254.1.1", AddressClass.LinkLocal)]
    [InlineData("100.64.0.1", AddressClass.Cgnat)]
    [InlineData("100.127.255.255", AddressClass.Cgnat)]
    [InlineData("0.0.0.0", AddressClass.Unspecified)]
    [InlineData("0.1.2.3", AddressClass.Unspecified)]
    [InlineData("224.0.0.1", AddressClass.Multicast)]
    [InlineData("239.255.255.250", AddressClass.Multicast)]
    [InlineData("255.255.255.255", AddressClass.Broadcast)]
    [InlineData("192.0.2.1", AddressClass.Documentation)]
    [InlineData("198.51.100.7", AddressClass.Documentation)]
    [InlineData("203.0.113.9", AddressClass.Documentation)]
    [InlineData("198.18.0.1", AddressClass.Benchmarking)]
    [InlineData("198.19.255.255", AddressClass.Benchmarking)]
    [InlineData("240.0.0.1", AddressClass.Reserved)]
    [InlineData("255.255.255.254", AddressClass.Reserved)]
    [InlineData("192.0.0.8", AddressClass.Reserved)]
    [InlineData("169.254.169.254", AddressClass.Metadata)]
    [InlineData("168.63.129.16", AddressClass.Metadata)]
    public void Ipv4_classes(string address, AddressClass expected)
    {
        Assert.Equal(expected, AddressClassifier.Classify(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("2606:4700::1111", AddressClass.Public)]
    [InlineData("2a00:1450:4001::1", AddressClass.Public)]
    [InlineData("::1", AddressClass.Loopback)]
    [InlineData("::", AddressClass.Unspecified)]
    [InlineData("fc00::1", AddressClass.UniqueLocal)]
    [InlineData("fd12:3456::1", AddressClass.UniqueLocal)]
    [InlineData("fe80::1", AddressClass.LinkLocal)]
    [InlineData("febf::1", AddressClass.LinkLocal)]
    [InlineData("fec0::1", AddressClass.Private)]
    [InlineData("ff02::1", AddressClass.Multicast)]
    [InlineData("2001:db8::1", AddressClass.Documentation)]
    [InlineData("3fff::1", AddressClass.Documentation)]
    [InlineData("2001:2::1", AddressClass.Benchmarking)]
    [InlineData("2001:0:4136:e378::1", AddressClass.Reserved)]
    [InlineData("100::1", AddressClass.Reserved)]
    [InlineData("::8.8.8.8", AddressClass.Reserved)]
    [InlineData("4000::1", AddressClass.Reserved)]
    [InlineData("fd00:ec2::254", AddressClass.Metadata)]
    public void Ipv6_classes(string address, AddressClass expected)
    {
        Assert.Equal(expected, AddressClassifier.Classify(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("::ffff:127.0.0.1", "127.0.0.1", AddressClass.Loopback)]
    [InlineData("::ffff:10.1.2.3", "10.1.2.3", AddressClass.Private)]
    [InlineData("::ffff:8.8.8.8", "8.8.8.8", AddressClass.Public)]
    [InlineData("64:ff9b::7f00:1", "127.0.0.1", AddressClass.Loopback)]
    [InlineData("64:ff9b::a9fe:a9fe", "169.254.169.254", AddressClass.Metadata)]
    [InlineData("64:ff9b::808:808", "8.8.8.8", AddressClass.Public)]
    [InlineData("2002:c0a8:0101::1", "192.168.1.1", AddressClass.Private)]
    [InlineData("2002:7f00:1::", "127.0.0.1", AddressClass.Loopback)]
    [InlineData("2002:0808:0808::1", "8.8.8.8", AddressClass.Public)]
    public void Embedded_ipv4_is_unwrapped_before_classifying(string address, string embedded, AddressClass expected)
    {
        var parsed = IPAddress.Parse(address);
        Assert.Equal(IPAddress.Parse(embedded), AddressClassifier.Unwrap(parsed));
        Assert.Equal(expected, AddressClassifier.Classify(parsed));
    }

    [Fact]
    public void Only_public_addresses_are_public()
    {
        Assert.True(AddressClassifier.IsPublic(IPAddress.Parse("8.8.4.4")));
        Assert.False(AddressClassifier.IsPublic(IPAddress.Parse("::ffff:192.168.0.1")));
    }
}
