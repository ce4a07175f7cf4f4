using System.Diagnostics.Metrics;
using System.Net;
using Yoi.Runtime.Tests.Policy;
using Yoi.Runtime.Tests.WebSockets;
using Yoi.Runtime.WebSockets;
using static Yoi.Runtime.Tests.WebSockets.ResultAssert;

namespace Yoi.Runtime.Tests.Tls;

/// <summary>
/// wss through <see cref="WebSocketSession"/> against Kestrel on 127.0.0.1 serving certificates made
/// in memory: the TLS matrix (trusted, untrusted, wrong name, expired, pinned) for the WebSocket pool.
/// </summary>
public class WebSocketTlsTests
{
    private static readonly FakeResolver Localhost = new(new() { ["localhost"] = [IPAddress.Loopback] });

    /// <summary>Opens <paramref name="host"/>'s /echo on the peer with wss declared and granted for that host.</summary>
    private static async Task<Result<OpenedConnection, HostError>> OpenAsync(WebSocketHost host, KestrelPeer peer, string hostName = "127.0.0.1")
    {
        await using var session = host.CreateSession(TestPolicies.Both(TestTargets.Ws(hostName, scheme: "wss", port: peer.Port)), "tls");
        return await session.OpenAsync(new OpenRequest(peer.Url("/echo", hostName)));
    }

    /// <summary>Opens, sends a text, receives its echo and closes: the whole exchange over TLS.</summary>
    private static async Task ExchangeAsync(WebSocketHost host, KestrelPeer peer, string hostName = "127.0.0.1")
    {
        await using var session = host.CreateSession(TestPolicies.Both(TestTargets.Ws(hostName, scheme: "wss", port: peer.Port)), "tls");
        var handle = Ok(await session.OpenAsync(new OpenRequest(peer.Url("/echo", hostName)))).Connection;
        Ok(await session.SendAsync(handle, new WebSocketMessage.Text("over tls")));
        var echoed = Ok(await session.RecvAsync(handle, 5000));
        Assert.Equal(new WebSocketIncoming.Message(new WebSocketMessage.Text("over tls")), echoed.Value);
        Ok(await session.CloseAsync(handle));
        Assert.True(await WaitFor.TrueAsync(() => peer.ClosesReceived.Contains(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure)));
    }

    [Fact]
    public async Task Trusted_through_an_extra_root_a_full_exchange_works()
    {
        var server = TestAuthority.Create().Issue();
        await using var peer = await KestrelPeer.StartAsync(server);
        await using var host = new WebSocketHost(tls: server.TrustIssuer);

        await ExchangeAsync(host, peer);

        Assert.Equal(1, peer.Accepted);
        Assert.Equal(0, host.ConnectionCount);
    }

    [Fact]
    public async Task Trusted_through_custom_root_trust_only_a_full_exchange_works_by_ip_and_by_name()
    {
        var server = TestAuthority.Create().Issue(dnsNames: ["localhost"], addresses: [IPAddress.Loopback]);
        await using var peer = await KestrelPeer.StartAsync(server);
        await using var host = new WebSocketHost(tls: server.TrustOnlyIssuer, resolver: Localhost);

        await ExchangeAsync(host, peer, "127.0.0.1");
        await ExchangeAsync(host, peer, "localhost");

        Assert.Equal(2, peer.Accepted);
    }

    [Fact]
    public async Task Not_trusted_by_default_is_io_naming_the_missing_trusted_root()
    {
        var server = TestAuthority.Create().Issue();
        await using var peer = await KestrelPeer.StartAsync(server);
        await using var host = new WebSocketHost();

        var io = Error<OpenedConnection, HostError.Io>(await OpenAsync(host, peer));

        // The server sends its chain without the root (as servers do), so no trusted root is found: PartialChain.
        Assert.Equal("TLS: the server's certificate chain is not trusted (PartialChain)", io.Message);
        Assert.Equal(0, peer.Accepted);
        Assert.Equal(0, host.ConnectionCount);
    }

    [Fact]
    public async Task Not_trusted_when_only_another_root_is_trusted_is_io_naming_the_untrusted_root()
    {
        var server = TestAuthority.Create().Issue();
        var other = TestAuthority.Create("Another Root");
        await using var peer = await KestrelPeer.StartAsync(server);
        await using var host = new WebSocketHost(tls: new TlsOptions { TrustedRoots = [other.Certificate], TrustSystemRoots = false });

        var io = Error<OpenedConnection, HostError.Io>(await OpenAsync(host, peer));

        Assert.StartsWith("TLS: the server's certificate chain is not trusted (", io.Message);
        Assert.Equal(0, peer.Accepted);
    }

    [Fact]
    public async Task Wrong_host_name_is_io_naming_the_host()
    {
        var server = TestAuthority.Create().Issue(dnsNames: ["elsewhere.test"], addresses: []);
        await using var peer = await KestrelPeer.StartAsync(server);
        await using var host = new WebSocketHost(tls: server.TrustIssuer, resolver: Localhost);

        var io = Error<OpenedConnection, HostError.Io>(await OpenAsync(host, peer, "localhost"));

        Assert.Equal("TLS: the certificate does not match host 'localhost'", io.Message);
        Assert.Equal(0, peer.Accepted);
    }

    [Fact]
    public async Task Wrong_host_for_an_ip_url_is_io_when_the_certificate_names_only_dns_names()
    {
        // For an IP-literal URL the name checked is the address: the certificate needs it as an IP SAN.
        var server = TestAuthority.Create().Issue(dnsNames: ["localhost"], addresses: []);
        await using var peer = await KestrelPeer.StartAsync(server);
        await using var host = new WebSocketHost(tls: server.TrustIssuer);

        var io = Error<OpenedConnection, HostError.Io>(await OpenAsync(host, peer, "127.0.0.1"));

        Assert.Equal("TLS: the certificate does not match host '127.0.0.1'", io.Message);
    }

    [Fact]
    public async Task Expired_leaf_is_io_naming_the_expiry()
    {
        var server = TestAuthority.Create().Issue(notBefore: DateTimeOffset.UtcNow.AddDays(-10), notAfter: DateTimeOffset.UtcNow.AddDays(-1));
        await using var peer = await KestrelPeer.StartAsync(server);
        await using var host = new WebSocketHost(tls: server.TrustOnlyIssuer);

        var io = Error<OpenedConnection, HostError.Io>(await OpenAsync(host, peer));

        Assert.StartsWith("TLS: the certificate has expired (not valid after ", io.Message);
        Assert.Contains("NotTimeValid", io.Message);
        Assert.Equal(0, peer.Accepted);
    }

    [Fact]
    public async Task Pinned_and_matching_the_leaf_key_works()
    {
        var server = TestAuthority.Create().Issue();
        await using var peer = await KestrelPeer.StartAsync(server);
        var tls = server.TrustIssuer with { Pins = new Dictionary<string, IReadOnlyList<string>> { ["127.0.0.1"] = [CertificatePin.Of(server.Leaf)] } };
        await using var host = new WebSocketHost(tls: tls);

        await ExchangeAsync(host, peer);
    }

    [Fact]
    public async Task Pinned_and_matching_the_root_key_works()
    {
        var server = TestAuthority.Create().Issue();
        await using var peer = await KestrelPeer.StartAsync(server);
        var tls = server.TrustOnlyIssuer with { Pins = new Dictionary<string, IReadOnlyList<string>> { ["127.0.0.1"] = [CertificatePin.Of(server.Issuer.Certificate)] } };
        await using var host = new WebSocketHost(tls: tls);

        await ExchangeAsync(host, peer);
    }

    [Fact]
    public async Task Pinned_and_not_matching_is_denied_naming_the_servers_key()
    {
        var server = TestAuthority.Create().Issue();
        var otherKey = TestAuthority.Create("Another Root").Issue();
        await using var peer = await KestrelPeer.StartAsync(server);
        var tls = server.TrustIssuer with { Pins = new Dictionary<string, IReadOnlyList<string>> { ["127.0.0.1"] = [CertificatePin.Of(otherKey.Leaf)] } };
        await using var host = new WebSocketHost(tls: tls);
        var reasons = new List<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == host.Meter && instrument.Name == "yoi.websocket.opens.denied")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            lock (reasons)
            {
                reasons.Add(tags[0].Value!.ToString()!);
            }
        });
        listener.Start();

        var denied = Error<OpenedConnection, HostError.Denied>(await OpenAsync(host, peer));

        Assert.Equal($"pin-mismatch: TLS: no certificate in the chain of '127.0.0.1' matches its pins (the server's key is {CertificatePin.Of(server.Leaf)})", denied.Message);
        Assert.Equal(["tls-pin-mismatch"], reasons);
        Assert.Equal(0, peer.Accepted);
        Assert.Equal(0, host.ConnectionCount);
    }

    [Fact]
    public async Task Pinned_and_matching_but_not_trusted_is_still_io_untrusted()
    {
        var server = TestAuthority.Create().Issue();
        await using var peer = await KestrelPeer.StartAsync(server);
        var tls = new TlsOptions { Pins = new Dictionary<string, IReadOnlyList<string>> { ["127.0.0.1"] = [CertificatePin.Of(server.Leaf)] } };
        await using var host = new WebSocketHost(tls: tls);

        var io = Error<OpenedConnection, HostError.Io>(await OpenAsync(host, peer));

        Assert.StartsWith("TLS: the server's certificate chain is not trusted", io.Message);
    }

    [Fact]
    public async Task A_pin_for_another_host_does_not_apply()
    {
        var server = TestAuthority.Create().Issue();
        var otherKey = TestAuthority.Create("Another Root").Issue();
        await using var peer = await KestrelPeer.StartAsync(server);
        var tls = server.TrustIssuer with { Pins = new Dictionary<string, IReadOnlyList<string>> { ["localhost"] = [CertificatePin.Of(otherKey.Leaf)] } };
        await using var host = new WebSocketHost(tls: tls);

        await ExchangeAsync(host, peer, "127.0.0.1");
    }

    [Fact]
    public async Task Plain_ws_is_unaffected_by_tls_options()
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var host = new WebSocketHost(tls: TestAuthority.Create().Issue().TrustOnlyIssuer);
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "plain");

        var opened = Ok(await session.OpenAsync(new OpenRequest(peer.Url("/echo"))));

        Ok(await session.CloseAsync(opened.Connection));
    }

    [Fact]
    public void Invalid_tls_options_are_refused_when_the_host_is_made()
    {
        var error = Assert.Throws<ArgumentException>(() => new WebSocketHost(tls: new TlsOptions { TrustSystemRoots = false }));

        Assert.Contains("needs at least one trusted root", error.Message);
    }

    [Fact]
    public async Task A_server_choosing_tls_1_1_is_refused_and_the_client_offers_only_1_2_and_1_3()
    {
        using var peer = new ClientHelloPeer();
        await using var host = new WebSocketHost();
        await using var session = host.CreateSession(TestPolicies.Both(TestTargets.Ws("127.0.0.1", scheme: "wss", port: peer.Port)), "tls");

        var io = Error<OpenedConnection, HostError.Io>(await session.OpenAsync(new OpenRequest($"wss://127.0.0.1:{peer.Port}/echo")));

        Assert.StartsWith("TLS: the handshake with '127.0.0.1' failed: ", io.Message);
        var hello = await peer.HelloAsync();
        Assert.Equal(0x0303, hello.LegacyVersion);
        Assert.Equal(new ushort[] { 0x0303, 0x0304 }, hello.SupportedVersions.Order());
    }

    [Fact]
    public async Task The_server_name_sent_is_the_canonical_host_name_and_none_for_an_ip_literal()
    {
        await using var host = new WebSocketHost(resolver: Localhost);
        using var byName = new ClientHelloPeer();
        using var byAddress = new ClientHelloPeer();
        await using var session = host.CreateSession(
            TestPolicies.Both(TestTargets.Ws("localhost", scheme: "wss", anyPort: true)), "sni");
        await using var other = host.CreateSession(TestPolicies.Both(TestTargets.Ws("127.0.0.1", scheme: "wss", anyPort: true)), "sni-ip");

        Error<OpenedConnection, HostError.Io>(await session.OpenAsync(new OpenRequest($"wss://LocalHost.:{byName.Port}/echo")));
        Error<OpenedConnection, HostError.Io>(await other.OpenAsync(new OpenRequest($"wss://127.0.0.1:{byAddress.Port}/echo")));

        Assert.Equal("localhost", (await byName.HelloAsync()).ServerName);
        Assert.Null((await byAddress.HelloAsync()).ServerName);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_certificate_not_for_server_authentication_is_io_naming_the_usage(bool trustOnlyIssuer)
    {
        var server = TestAuthority.Create().Issue(usages: [TestAuthority.ClientAuthentication]);
        using var peer = new RawTlsPeer(server.Leaf);
        await using var host = new WebSocketHost(tls: trustOnlyIssuer ? server.TrustOnlyIssuer : server.TrustIssuer);
        await using var session = host.CreateSession(TestPolicies.Both(TestTargets.Ws("127.0.0.1", scheme: "wss", port: peer.Port)), "tls");

        var io = Error<OpenedConnection, HostError.Io>(await session.OpenAsync(new OpenRequest($"wss://127.0.0.1:{peer.Port}/echo")));

        Assert.Equal("TLS: the server's certificate chain is not valid (NotValidForUsage)", io.Message);
    }
}
