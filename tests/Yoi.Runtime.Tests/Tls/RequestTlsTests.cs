using System.Net;
using System.Text;
using Yoi.Runtime.Requests;
using Yoi.Runtime.Tests.Requests;
using Yoi.Runtime.Tests.WebSockets;
using static Yoi.Runtime.Tests.WebSockets.ResultAssert;

namespace Yoi.Runtime.Tests.Tls;

/// <summary>
/// https through <see cref="HttpRequestSender"/> against Kestrel on 127.0.0.1 serving certificates made
/// in memory: the TLS matrix (trusted, untrusted, wrong name, expired, pinned) for the request API.
/// </summary>
public class RequestTlsTests
{
    private static readonly FakeResolver Localhost = new(new() { ["localhost"] = [IPAddress.Loopback] });

    private static Task<Result<PluginHttpResponse, HostError>> PostAsync(HttpKestrelPeer peer, TlsOptions? tls, string hostName = "127.0.0.1")
    {
        var policy = RequestTestPolicies.Both(RequestTestPolicies.Http(hostName, peer.Port, scheme: "https"));
        var sender = new HttpRequestSender(policy, "tls", resolver: Localhost, tls: tls);
        return sender.SendAsync(new PluginHttpRequest("POST", peer.Url("/echo", hostName), [("Content-Type", "text/plain")], "over tls"u8.ToArray()));
    }

    private static async Task AssertEchoedAsync(HttpKestrelPeer peer, TlsOptions tls, string hostName = "127.0.0.1")
    {
        var response = Ok(await PostAsync(peer, tls, hostName));
        Assert.Equal(200, response.Status);
        Assert.Equal("over tls", Encoding.UTF8.GetString(response.Body));
        Assert.Equal("POST", response.Header("x-method"));
    }

    [Fact]
    public async Task Trusted_through_an_extra_root_a_full_exchange_works()
    {
        var server = TestAuthority.Create().Issue();
        await using var peer = await HttpKestrelPeer.StartAsync(server);

        await AssertEchoedAsync(peer, server.TrustIssuer);

        Assert.Equal(1, peer.Hits);
    }

    [Fact]
    public async Task Trusted_through_custom_root_trust_only_a_full_exchange_works_by_ip_and_by_name()
    {
        var server = TestAuthority.Create().Issue(dnsNames: ["localhost"], addresses: [IPAddress.Loopback]);
        await using var peer = await HttpKestrelPeer.StartAsync(server);

        await AssertEchoedAsync(peer, server.TrustOnlyIssuer, "127.0.0.1");
        await AssertEchoedAsync(peer, server.TrustOnlyIssuer, "localhost");

        Assert.Equal(2, peer.Hits);
    }

    [Fact]
    public async Task Not_trusted_by_default_is_io_naming_the_missing_trusted_root()
    {
        var server = TestAuthority.Create().Issue();
        await using var peer = await HttpKestrelPeer.StartAsync(server);

        var io = Error<PluginHttpResponse, HostError.Io>(await PostAsync(peer, tls: null));

        Assert.Equal("TLS: the server's certificate chain is not trusted (PartialChain)", io.Message);
        Assert.Equal(0, peer.Hits);
    }

    [Fact]
    public async Task Not_trusted_when_only_another_root_is_trusted_is_io_naming_the_untrusted_root()
    {
        var server = TestAuthority.Create().Issue();
        await using var peer = await HttpKestrelPeer.StartAsync(server);

        var io = Error<PluginHttpResponse, HostError.Io>(await PostAsync(peer, new TlsOptions { TrustedRoots = [TestAuthority.Create("Another Root").Certificate], TrustSystemRoots = false }));

        Assert.StartsWith("TLS: the server's certificate chain is not trusted (", io.Message);
        Assert.Equal(0, peer.Hits);
    }

    [Fact]
    public async Task Wrong_host_name_is_io_naming_the_host()
    {
        var server = TestAuthority.Create().Issue(dnsNames: ["elsewhere.test"], addresses: []);
        await using var peer = await HttpKestrelPeer.StartAsync(server);

        var io = Error<PluginHttpResponse, HostError.Io>(await PostAsync(peer, server.TrustIssuer, "localhost"));

        Assert.Equal("TLS: the certificate does not match host 'localhost'", io.Message);
        Assert.Equal(0, peer.Hits);
    }

    [Fact]
    public async Task Wrong_host_for_an_ip_url_is_io_when_the_certificate_names_only_dns_names()
    {
        var server = TestAuthority.Create().Issue(dnsNames: ["localhost"], addresses: []);
        await using var peer = await HttpKestrelPeer.StartAsync(server);

        var io = Error<PluginHttpResponse, HostError.Io>(await PostAsync(peer, server.TrustIssuer, "127.0.0.1"));

        Assert.Equal("TLS: the certificate does not match host '127.0.0.1'", io.Message);
    }

    [Fact]
    public async Task Expired_leaf_is_io_naming_the_expiry()
    {
        var server = TestAuthority.Create().Issue(notBefore: DateTimeOffset.UtcNow.AddDays(-10), notAfter: DateTimeOffset.UtcNow.AddDays(-1));
        await using var peer = await HttpKestrelPeer.StartAsync(server);

        var io = Error<PluginHttpResponse, HostError.Io>(await PostAsync(peer, server.TrustIssuer));

        Assert.StartsWith("TLS: the certificate has expired (not valid after ", io.Message);
        Assert.Equal(0, peer.Hits);
    }

    [Fact]
    public async Task Pinned_and_matching_works()
    {
        var server = TestAuthority.Create().Issue();
        await using var peer = await HttpKestrelPeer.StartAsync(server);
        var tls = server.TrustIssuer with { Pins = new Dictionary<string, IReadOnlyList<string>> { ["127.0.0.1"] = [CertificatePin.Of(server.Leaf)] } };

        await AssertEchoedAsync(peer, tls);
    }

    [Fact]
    public async Task Pinned_and_not_matching_is_denied_and_nothing_is_sent()
    {
        var server = TestAuthority.Create().Issue();
        await using var peer = await HttpKestrelPeer.StartAsync(server);
        var wrongPin = CertificatePin.Of(TestAuthority.Create("Another Root").Certificate);
        var tls = server.TrustIssuer with { Pins = new Dictionary<string, IReadOnlyList<string>> { ["127.0.0.1"] = [wrongPin] } };

        var denied = Error<PluginHttpResponse, HostError.Denied>(await PostAsync(peer, tls));

        Assert.StartsWith("pin-mismatch: TLS: no certificate in the chain of '127.0.0.1' matches its pins", denied.Message);
        Assert.Equal(0, peer.Hits);
    }

    [Fact]
    public async Task Pinned_and_matching_but_not_trusted_is_still_io_untrusted()
    {
        var server = TestAuthority.Create().Issue();
        await using var peer = await HttpKestrelPeer.StartAsync(server);
        var tls = new TlsOptions { Pins = new Dictionary<string, IReadOnlyList<string>> { ["127.0.0.1"] = [CertificatePin.Of(server.Leaf)] } };

        var io = Error<PluginHttpResponse, HostError.Io>(await PostAsync(peer, tls));

        Assert.StartsWith("TLS: the server's certificate chain is not trusted", io.Message);
    }

    [Fact]
    public void Invalid_tls_options_are_refused_when_the_sender_is_made()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new HttpRequestSender(RequestTestPolicies.Loopback(1), "tls", tls: new TlsOptions { Pins = new Dictionary<string, IReadOnlyList<string>> { ["127.0.0.1"] = ["md5/abc"] } }));

        Assert.Contains("does not start with 'sha256/'", error.Message);
    }

    [Fact]
    public async Task A_server_choosing_tls_1_1_is_refused_and_the_client_offers_only_1_2_and_1_3()
    {
        using var peer = new ClientHelloPeer();
        var sender = new HttpRequestSender(RequestTestPolicies.Both(RequestTestPolicies.Http("127.0.0.1", peer.Port, scheme: "https")), "tls");

        var io = Error<PluginHttpResponse, HostError.Io>(await sender.SendAsync(new PluginHttpRequest("GET", $"https://127.0.0.1:{peer.Port}/")));

        Assert.StartsWith("TLS: the handshake with '127.0.0.1' failed: ", io.Message);
        var hello = await peer.HelloAsync();
        Assert.Equal(0x0303, hello.LegacyVersion);
        Assert.Equal(new ushort[] { 0x0303, 0x0304 }, hello.SupportedVersions.Order());
    }

    [Fact]
    public async Task The_server_name_sent_is_the_canonical_host_name_and_none_for_an_ip_literal()
    {
        using var byName = new ClientHelloPeer();
        using var byAddress = new ClientHelloPeer();
        var toName = new HttpRequestSender(RequestTestPolicies.Both(RequestTestPolicies.Http("localhost", byName.Port, scheme: "https")), "sni", resolver: Localhost);
        var toAddress = new HttpRequestSender(RequestTestPolicies.Both(RequestTestPolicies.Http("127.0.0.1", byAddress.Port, scheme: "https")), "sni-ip");

        Error<PluginHttpResponse, HostError.Io>(await toName.SendAsync(new PluginHttpRequest("GET", $"https://LocalHost.:{byName.Port}/")));
        Error<PluginHttpResponse, HostError.Io>(await toAddress.SendAsync(new PluginHttpRequest("GET", $"https://127.0.0.1:{byAddress.Port}/")));

        Assert.Equal("localhost", (await byName.HelloAsync()).ServerName);
        Assert.Null((await byAddress.HelloAsync()).ServerName);
    }
}
