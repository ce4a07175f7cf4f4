using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using Yoi.Runtime.Requests;
using Yoi.Runtime.Tests.Net;
using static Yoi.Runtime.Tests.WebSockets.ResultAssert;

namespace Yoi.Runtime.Tests.Requests;

/// <summary>Hostile and oversize peers on 127.0.0.1: every bound is hit for real and becomes a typed value.</summary>
public class HttpRequestBoundsTests
{
    private static HttpRequestSender Sender(int port, RequestLimits? limits = null) =>
        new(RequestTestPolicies.Loopback(port), "test", limits);

    [Fact]
    public async Task A_server_that_never_answers_is_a_timeout()
    {
        using var peer = RawHttpPeer.Silent();
        var time = new FakeTimeProvider();
        var sender = new HttpRequestSender(RequestTestPolicies.Loopback(peer.Port), "test", time: time);

        var send = sender.SendAsync(new PluginHttpRequest("GET", peer.Url("/")));
        // The deadline passes only once the server holds the request, however slow the machine is.
        Assert.True(await WebSockets.WaitFor.TrueAsync(() => peer.RequestCount == 1), "the request never reached the server");
        Assert.False(send.IsCompleted);
        time.Advance(RequestLimits.Default.Timeout);

        Error<PluginHttpResponse, HostError.Timeout>(await send);
    }

    [Fact]
    public async Task A_connect_ended_by_the_stacks_own_connect_timeout_is_a_timeout_too()
    {
        // The request's deadline runs on the (frozen) host clock; the handler's ConnectTimeout on real time.
        using var peer = await SynDroppingListener.StartAsync();
        var sender = new HttpRequestSender(RequestTestPolicies.Loopback(peer.Port), "test",
            RequestLimits.Default with { Timeout = TimeSpan.FromMilliseconds(200) }, time: new FakeTimeProvider());

        Error<PluginHttpResponse, HostError.Timeout>(await sender.SendAsync(new PluginHttpRequest("GET", $"http://127.0.0.1:{peer.Port}/")).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Empty(peer.OtherClients());
    }

    [Fact]
    public async Task A_request_that_times_out_during_the_tcp_connect_leaves_no_socket_behind()
    {
        using var peer = await SynDroppingListener.StartAsync();
        var time = new FakeTimeProvider();
        var sender = new HttpRequestSender(RequestTestPolicies.Loopback(peer.Port), "test", time: time);

        var send = sender.SendAsync(new PluginHttpRequest("GET", $"http://127.0.0.1:{peer.Port}/"));
        Assert.True(await WebSockets.WaitFor.TrueAsync(() => peer.OtherClients().Any(row => row.State == TcpSocketRow.SynSent)), "the connect never pended");
        time.Advance(RequestLimits.Default.Timeout);

        Error<PluginHttpResponse, HostError.Timeout>(await send);
        // No socket left means nothing can still connect to the peer later.
        Assert.Empty(peer.OtherClients());
    }

    [Fact]
    public async Task A_body_that_stalls_is_a_timeout_because_the_bound_covers_the_whole_exchange()
    {
        using var peer = RawHttpPeer.AnsweringThenStalling("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly part");
        var sender = Sender(peer.Port, RequestLimits.Default with { Timeout = TimeSpan.FromMilliseconds(300) });
        var clock = Stopwatch.StartNew();

        Error<PluginHttpResponse, HostError.Timeout>(await sender.SendAsync(new PluginHttpRequest("GET", peer.Url("/"))));

        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task Endless_headers_hit_the_header_bound()
    {
        using var peer = RawHttpPeer.EndlessHeaders();
        var sender = Sender(peer.Port);
        var clock = Stopwatch.StartNew();

        var limit = Error<PluginHttpResponse, HostError.Limit>(await sender.SendAsync(new PluginHttpRequest("GET", peer.Url("/"))));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
        Assert.Contains("8192 bytes", limit.Message);
    }

    [Fact]
    public async Task Too_many_or_too_large_response_headers_are_a_limit()
    {
        await using var peer = await HttpKestrelPeer.StartAsync();
        var sender = Sender(peer.Port);

        var many = Error<PluginHttpResponse, HostError.Limit>(await sender.SendAsync(new PluginHttpRequest("GET", peer.Url("/headers?n=70"))));
        var fine = Ok(await sender.SendAsync(new PluginHttpRequest("GET", peer.Url("/headers?n=40"))));
        var small = Sender(peer.Port, RequestLimits.Default with { MaxResponseHeaderBytes = 1024 });
        var bytes = Error<PluginHttpResponse, HostError.Limit>(await small.SendAsync(new PluginHttpRequest("GET", peer.Url("/headers?n=10&size=200"))));

        Assert.Contains("more than 64 header lines", many.Message);
        Assert.Equal(40, fine.Headers.Count(h => h.Name.StartsWith("x-h", StringComparison.Ordinal)));
        Assert.Contains("exceed 1024 bytes", bytes.Message);
    }

    [Fact]
    public async Task A_body_at_the_bound_is_whole_and_one_byte_more_is_truncated()
    {
        await using var peer = await HttpKestrelPeer.StartAsync();
        var sender = Sender(peer.Port, RequestLimits.Default with { MaxResponseBodyBytes = 100_000 });

        var exact = Ok(await sender.SendAsync(new PluginHttpRequest("GET", peer.Url("/size?n=100000"))));
        var over = Ok(await sender.SendAsync(new PluginHttpRequest("GET", peer.Url("/size?n=100001"))));
        var empty = Ok(await sender.SendAsync(new PluginHttpRequest("GET", peer.Url("/size?n=0"))));

        Assert.Equal((100_000, false), (exact.Body.Length, exact.Truncated));
        Assert.Equal((100_000, true), (over.Body.Length, over.Truncated));
        Assert.Equal((0, false), (empty.Body.Length, empty.Truncated));
    }

    [Fact]
    public async Task Compressed_bodies_are_not_decompressed()
    {
        await using var peer = await HttpKestrelPeer.StartAsync();
        var sender = Sender(peer.Port);

        var response = Ok(await sender.SendAsync(new PluginHttpRequest("GET", peer.Url("/gzip"), [("Accept-Encoding", "gzip")], null)));

        Assert.Equal("gzip", response.Header("content-encoding"));
        Assert.Equal(HttpKestrelPeer.GzipPayload, response.Body);
    }

    [Fact]
    public async Task A_request_body_over_the_bound_is_refused_before_connecting()
    {
        await using var peer = await HttpKestrelPeer.StartAsync();
        var sender = Sender(peer.Port, RequestLimits.Default with { MaxRequestBodyBytes = 1024 });

        var limit = Error<PluginHttpResponse, HostError.Limit>(await sender.SendAsync(new PluginHttpRequest("POST", peer.Url("/echo"), [], new byte[1025])));
        Assert.Equal(0, peer.Hits);
        var echoed = Ok(await sender.SendAsync(new PluginHttpRequest("POST", peer.Url("/echo"), [], new byte[1024])));

        Assert.Contains("at most 1024", limit.Message);
        Assert.Equal(1024, echoed.Body.Length);
        Assert.Equal(1, peer.Hits);
    }

    [Fact]
    public async Task A_101_answer_is_an_io_error_not_a_stream()
    {
        using var peer = RawHttpPeer.Answering("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n");
        var sender = Sender(peer.Port);

        var io = Error<PluginHttpResponse, HostError.Io>(await sender.SendAsync(new PluginHttpRequest("GET", peer.Url("/"))));

        Assert.Contains("101", io.Message);
    }

    [Fact]
    public async Task Refused_connections_and_failed_tls_are_io_errors()
    {
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        Error<PluginHttpResponse, HostError.Io>(await Sender(port).SendAsync(new PluginHttpRequest("GET", $"http://127.0.0.1:{port}/")));

        // A TLS handshake against a plain-HTTP server fails.
        await using var plain = await HttpKestrelPeer.StartAsync();
        var https = new HttpRequestSender(RequestTestPolicies.Both(RequestTestPolicies.Http("127.0.0.1", plain.Port, scheme: "https")), "test");
        Error<PluginHttpResponse, HostError.Io>(await https.SendAsync(new PluginHttpRequest("GET", $"https://127.0.0.1:{plain.Port}/")));
    }
}

/// <summary>Run alone: it measures process-wide allocation.</summary>
[CollectionDefinition(nameof(AllocationMeasuring), DisableParallelization = true)]
public class AllocationMeasuring;

[Collection(nameof(AllocationMeasuring))]
public class HttpRequestEndlessBodyTests
{
    [Fact]
    public async Task An_endless_body_is_truncated_at_the_default_bound_with_bounded_memory()
    {
        using var peer = RawHttpPeer.EndlessBody();
        var sender = new HttpRequestSender(RequestTestPolicies.Loopback(peer.Port), "test");
        var before = GC.GetTotalAllocatedBytes(precise: true);

        var response = Ok(await sender.SendAsync(new PluginHttpRequest("GET", peer.Url("/stream"))));

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.True(response.Truncated);
        Assert.Equal(4 * 1024 * 1024, response.Body.Length);
        Assert.All(response.Body, b => Assert.Equal((byte)'z', b));
        // The bound plus one byte in chunks, the exact-size result, and the stack's own buffers.
        Assert.True(allocated < 12L * 1024 * 1024, $"allocated {allocated} bytes");
        Assert.True(await WebSockets.WaitFor.TrueAsync(() => peer.BytesSent < 1L << 30), "the server stopped being read");
    }
}
