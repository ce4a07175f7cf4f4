using Yoi.Runtime.Hosting;
using Yoi.Runtime.Tests.Policy;
using Yoi.Runtime.Tests.Tls;
using Yoi.Runtime.Tests.WebSockets;
using Yoi.Runtime.WebSockets;
using static Yoi.Runtime.Tests.Hosting.Guest;

namespace Yoi.Runtime.Tests.Hosting;

/// <summary>
/// The component-WAT guest (tests/Guests/websocket-guest.wat) over wss, through the generated bindings:
/// the host's TLS options decide, and each outcome reaches the guest as a typed value.
/// </summary>
public class GuestWebSocketTlsTests
{
    private static IWebSocketPolicy Wss(KestrelPeer peer) => TestPolicies.Both(TestTargets.Ws("127.0.0.1", scheme: "wss", port: peer.Port));

    [Fact]
    public async Task Trusted_through_the_host_option_the_guest_exchanges_text_and_binary_over_wss()
    {
        var server = TestAuthority.Create().Issue();
        await using var peer = await KestrelPeer.StartAsync(server);
        await using var host = new WebSocketHost(tls: server.TrustIssuer);
        await using var instance = Start(host, Wss(peer));

        var output = Ok(instance.Run(peer.Url("/echo")));

        Assert.StartsWith("wss://", peer.Url("/echo"));
        Assert.Equal("hello from guest|\u0000\u0001\u007fB", output);
        Assert.Equal(1, peer.Accepted);
    }

    [Fact]
    public async Task Not_trusted_the_guest_gets_io_naming_the_cause()
    {
        var server = TestAuthority.Create().Issue();
        await using var peer = await KestrelPeer.StartAsync(server);
        await using var host = new WebSocketHost();
        await using var instance = Start(host, Wss(peer));

        Assert.Equal("open: io: TLS: the server's certificate chain is not trusted (PartialChain)", Err(instance.Run(peer.Url("/echo"))));
        Assert.Equal(PluginInstanceState.Running, instance.State);
    }

    [Fact]
    public async Task Pinned_and_not_matching_the_guest_gets_denied()
    {
        var server = TestAuthority.Create().Issue();
        await using var peer = await KestrelPeer.StartAsync(server);
        var tls = server.TrustIssuer with { Pins = new Dictionary<string, IReadOnlyList<string>> { ["127.0.0.1"] = [CertificatePin.Of(TestAuthority.Create("Another Root").Certificate)] } };
        await using var host = new WebSocketHost(tls: tls);
        await using var instance = Start(host, Wss(peer));

        Assert.StartsWith("open: denied: pin-mismatch: TLS: ", Err(instance.Run(peer.Url("/echo"))));
        Assert.Equal(0, peer.Accepted);
    }
}
