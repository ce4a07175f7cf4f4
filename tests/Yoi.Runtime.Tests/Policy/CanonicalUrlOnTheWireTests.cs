using System.Net;
using CsCheck;
using Yoi.Runtime.Policy;
using Yoi.Runtime.Requests;
using Yoi.Runtime.Tests.Properties;
using Yoi.Runtime.Tests.Requests;
using Yoi.Runtime.Tests.WebSockets;
using Yoi.Runtime.WebSockets;
using static Yoi.Runtime.Tests.WebSockets.ResultAssert;

namespace Yoi.Runtime.Tests.Policy;

/// <summary>
/// End to end, for a bounded number of generated URLs that reach a raw peer on 127.0.0.1 (the
/// loopback literal in any IPv4 spelling, its IPv4-mapped IPv6 form, or a generated name the fake
/// resolver maps to it): the request line and Host header each connector sends are the canonical
/// URL's, whatever the plugin wrote.
/// </summary>
[Collection(PropertyCollection.Name)]
public class CanonicalUrlOnTheWireTests
{
    private static readonly Gen<string> LoopbackHost = Gen.Frequency(
        (2, UrlGen.LoopbackIpv4),
        (1, Gen.OneOf("[::ffff:127.0.0.1]", "[::FFFF:7f00:1]", "[0:0:0:0:0:ffff:127.0.0.1]")),
        (2, UrlGen.DnsName));

    [Fact]
    public async Task Requests_send_the_canonical_request_line_and_host()
    {
        using var peer = RawHttpPeer.Answering("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
        await PropertyRun.CheckAsync(Urls(peer.Port, "http", "HTTP", "Http"), async url =>
        {
            var canonical = CanonicalUrl.Parse(url).Value;
            var (policy, resolver) = Allowing(canonical);
            var sender = new HttpRequestSender(new RequestTargetListPolicy(policy, policy), "test", resolver: resolver);

            var response = Ok(await sender.SendAsync(new PluginHttpRequest("GET", url)));

            Assert.Equal(204, response.Status);
            AssertSent(peer, canonical);
        }, iterations: 20);
    }

    [Fact]
    public async Task Websocket_opens_send_the_canonical_request_line_and_host()
    {
        // The peer refuses the upgrade; what matters is the request it read.
        using var peer = RawHttpPeer.Answering("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        await PropertyRun.CheckAsync(Urls(peer.Port, "ws", "WS", "Ws"), async url =>
        {
            var canonical = CanonicalUrl.Parse(url).Value;
            var (policy, resolver) = Allowing(canonical);
            await using var host = new WebSocketHost(resolver: resolver);
            await using var session = host.CreateSession(new TargetListPolicy(policy, policy), "test");

            var refused = Error<OpenedConnection, HostError.Io>(await session.OpenAsync(new OpenRequest(url)));

            Assert.Contains("400", refused.Message);
            AssertSent(peer, canonical);
        }, iterations: 10);
    }

    /// <summary>URLs that parse and reach <paramref name="port"/> on loopback, the port spelled with leading zeros now and then.</summary>
    private static Gen<string> Urls(int port, params string[] schemes) =>
        Gen.Select(Gen.OneOf(schemes), LoopbackHost, Gen.Int[0, 3], UrlGen.Path, UrlGen.Query,
                (scheme, host, zeros, path, query) => $"{scheme}://{host}:{new string('0', zeros)}{port}{path}{query}")
            .Where(url => CanonicalUrl.Parse(url).IsOk);

    /// <summary>
    /// The same targets on both sides: one covering the URL, and for a name one naming 127.0.0.1 with the
    /// same scheme, port and path (a name resolving to loopback needs that); a resolver mapping the name there.
    /// </summary>
    private static (Target[] Targets, FakeResolver Resolver) Allowing(CanonicalUrl url)
    {
        var covering = SentForm.TargetCovering(url);
        if (url.Host is not DnsHost name)
        {
            return ([covering], new FakeResolver([]));
        }

        var resolver = new FakeResolver(new() { [name.Name] = [IPAddress.Loopback] });
        return ([covering, SentForm.TargetCovering(url, host: "127.0.0.1")], resolver);
    }

    private static void AssertSent(RawHttpPeer peer, CanonicalUrl url)
    {
        string head;
        lock (peer.Requests)
        {
            head = peer.Requests[^1];
        }

        Assert.StartsWith($"GET {url.PathAndQuery} HTTP/1.1\r\n", head);
        Assert.Contains($"\r\nHost: {url.Authority}\r\n", head);
        SentForm.AssertUriKeeps(url);
    }
}
