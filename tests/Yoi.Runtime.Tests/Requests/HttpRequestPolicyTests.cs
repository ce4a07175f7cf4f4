using Yoi.Runtime.Secrets;
using System.Net;
using System.Text;
using Yoi.Runtime.Requests;
using Yoi.Runtime.Tests.WebSockets;
using static Yoi.Runtime.Tests.WebSockets.ResultAssert;

namespace Yoi.Runtime.Tests.Requests;

/// <summary>request.send against real servers on 127.0.0.1: what the policy allows is sent, nothing else connects.</summary>
public class HttpRequestPolicyTests
{
    private static HttpRequestSender Sender(IRequestPolicy policy, RequestLimits? limits = null, IHostResolver? resolver = null) =>
        new(policy, "test", limits, resolver);

    [Fact]
    public async Task Declared_and_granted_request_is_sent_and_answered()
    {
        await using var peer = await HttpKestrelPeer.StartAsync();
        var sender = Sender(RequestTestPolicies.Loopback(peer.Port));

        var response = Ok(await sender.SendAsync(new PluginHttpRequest("POST", peer.Url("/echo"), [("Content-Type", "text/plain"), ("X-Note", "hi")], "héllo"u8.ToArray())));

        Assert.Equal(200, response.Status);
        Assert.Equal("héllo", Encoding.UTF8.GetString(response.Body));
        Assert.False(response.Truncated);
        Assert.Equal("POST", response.Header("x-method"));
        Assert.All(response.Headers, h => Assert.Equal(h.Name.ToLowerInvariant(), h.Name));
        // Only what the plugin set plus what HTTP/1.1 needs: no cookies, credentials or proxy headers.
        Assert.Equal("connection,content-length,content-type,host,x-note", response.Header("x-request-headers"));
        Assert.Equal(1, peer.Hits);
    }

    [Fact]
    public async Task The_canonical_url_is_what_is_sent()
    {
        using var peer = RawHttpPeer.Answering("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
        var sender = Sender(RequestTestPolicies.Loopback(peer.Port, paths: ["/api"]));

        var response = Ok(await sender.SendAsync(new PluginHttpRequest("GET", $"http://0x7f.0.0.1:{peer.Port}/x/../api/./%7Eme/%61b?q=%7e1")));

        Assert.Equal(204, response.Status);
        var head = Assert.Single(peer.Requests);
        Assert.StartsWith("GET /api/~me/ab?q=~1 HTTP/1.1\r\n", head);
        Assert.Contains($"\r\nHost: 127.0.0.1:{peer.Port}\r\n", head);
        Assert.Contains("\r\nConnection: close\r\n", head);
        Assert.DoesNotContain("Cookie", head, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Authorization", head, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Accept-Encoding", head, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Method_not_allowed_is_denied_without_connecting()
    {
        await using var peer = await HttpKestrelPeer.StartAsync();
        var sender = Sender(RequestTestPolicies.Loopback(peer.Port, methods: ["GET"]));

        var denied = Error<PluginHttpResponse, HostError.Denied>(await sender.SendAsync(new PluginHttpRequest("DELETE", peer.Url("/echo"))));
        var lowerCase = Error<PluginHttpResponse, HostError.Denied>(await sender.SendAsync(new PluginHttpRequest("get", peer.Url("/echo"))));

        Assert.Contains("method DELETE is not in [GET]", denied.Message);
        Assert.StartsWith("method: ", lowerCase.Message);
        Assert.Equal(0, peer.Hits);
    }

    [Fact]
    public async Task Path_outside_the_prefix_is_denied_on_segment_boundaries()
    {
        await using var peer = await HttpKestrelPeer.StartAsync();
        var sender = Sender(RequestTestPolicies.Loopback(peer.Port, paths: ["/api"]));

        var outside = Error<PluginHttpResponse, HostError.Denied>(await sender.SendAsync(new PluginHttpRequest("GET", peer.Url("/apiadmin"))));
        var escaped = Error<PluginHttpResponse, HostError.Denied>(await sender.SendAsync(new PluginHttpRequest("GET", peer.Url("/api/../echo"))));
        Assert.Equal(0, peer.Hits);
        Ok(await sender.SendAsync(new PluginHttpRequest("GET", peer.Url("/api/items"))));

        Assert.StartsWith("path: ", outside.Message);
        Assert.StartsWith("path: ", escaped.Message);
        Assert.Equal(1, peer.Hits);
    }

    [Fact]
    public async Task Declared_but_not_granted_and_granted_but_not_declared_are_denied()
    {
        await using var peer = await HttpKestrelPeer.StartAsync();
        var target = RequestTestPolicies.Http("127.0.0.1", peer.Port);
        var other = RequestTestPolicies.Http("api.example.com", 443, scheme: "https");

        var notGranted = Error<PluginHttpResponse, HostError.Denied>(
            await Sender(RequestTestPolicies.Sides([target], [other])).SendAsync(new PluginHttpRequest("GET", peer.Url("/echo"))));
        var notDeclared = Error<PluginHttpResponse, HostError.Denied>(
            await Sender(RequestTestPolicies.Sides([], [target])).SendAsync(new PluginHttpRequest("GET", peer.Url("/echo"))));

        Assert.Contains("not-granted", notGranted.Message);
        Assert.Contains("not-declared", notDeclared.Message);
        Assert.Equal(0, peer.Hits);
    }

    [Fact]
    public async Task Loopback_needs_an_explicit_target_on_both_sides()
    {
        await using var peer = await HttpKestrelPeer.StartAsync();
        var explicitTarget = RequestTestPolicies.Http("127.0.0.1", peer.Port);
        var everything = Policy.TestTargets.Http("0.0.0.0/0", scheme: "http", anyPort: true, methods: ["*"]);

        var grantBroad = Error<PluginHttpResponse, HostError.Denied>(
            await Sender(RequestTestPolicies.Sides([explicitTarget], [everything])).SendAsync(new PluginHttpRequest("GET", peer.Url("/echo"))));
        var declareBroad = Error<PluginHttpResponse, HostError.Denied>(
            await Sender(RequestTestPolicies.Sides([everything], [explicitTarget])).SendAsync(new PluginHttpRequest("GET", peer.Url("/echo"))));
        Assert.Equal(0, peer.Hits);
        Ok(await Sender(RequestTestPolicies.Both(explicitTarget)).SendAsync(new PluginHttpRequest("GET", peer.Url("/echo"))));

        Assert.Contains("private-address", grantBroad.Message);
        Assert.Contains("private-address", declareBroad.Message);
        Assert.Equal(1, peer.Hits);
    }

    [Fact]
    public async Task A_name_resolving_to_loopback_is_refused_unless_the_address_is_explicit_on_both_sides()
    {
        await using var peer = await HttpKestrelPeer.StartAsync();
        var resolver = new FakeResolver(new() { ["svc.example.com"] = [IPAddress.Loopback] });
        var byName = RequestTestPolicies.Http("svc.example.com", peer.Port);
        var loopback = RequestTestPolicies.Http("127.0.0.1", peer.Port);
        var url = $"http://svc.example.com:{peer.Port}/echo";

        var nameOnly = Error<PluginHttpResponse, HostError.Denied>(
            await Sender(RequestTestPolicies.Both(byName), resolver: resolver).SendAsync(new PluginHttpRequest("GET", url)));
        var grantMissesIt = Error<PluginHttpResponse, HostError.Denied>(
            await Sender(RequestTestPolicies.Sides([byName, loopback], [byName]), resolver: resolver).SendAsync(new PluginHttpRequest("GET", url)));
        Assert.Equal(0, peer.Hits);
        var response = Ok(await Sender(RequestTestPolicies.Sides([byName, loopback], [byName, loopback]), resolver: resolver)
            .SendAsync(new PluginHttpRequest("GET", url)));

        Assert.Contains("resolved to 127.0.0.1", nameOnly.Message);
        Assert.Contains("grant", grantMissesIt.Message);
        Assert.Equal(200, response.Status);
        Assert.Equal(3, resolver.Lookups);
        Assert.Equal(1, peer.Hits);
    }

    [Fact]
    public async Task A_redirect_is_returned_as_it_is_and_not_followed()
    {
        await using var peer = await HttpKestrelPeer.StartAsync();
        var sender = Sender(RequestTestPolicies.Loopback(peer.Port));

        var response = Ok(await sender.SendAsync(new PluginHttpRequest("GET", peer.Url("/redirect"))));

        Assert.Equal(302, response.Status);
        Assert.Equal("/echo", response.Header("location"));
        Assert.Equal(1, peer.Hits);
    }

    [Theory]
    [InlineData("ws", "", "", "websocket")]
    [InlineData("wss", "", "", "websocket")]
    [InlineData("http", "Upgrade", "websocket", "Upgrade header")]
    [InlineData("http", "Connection", "Upgrade", "Connection: upgrade")]
    [InlineData("http", "Accept", "text/event-stream", "text/event-stream")]
    public async Task Persistent_connection_forms_are_refused_without_connecting(string scheme, string header, string value, string text)
    {
        using var peer = RawHttpPeer.Answering("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        var sender = Sender(RequestTestPolicies.Loopback(peer.Port));
        PluginHeader[] headers = header == "" ? [] : [(header, value)];

        var denied = Error<PluginHttpResponse, HostError.Denied>(await sender.SendAsync(new PluginHttpRequest("GET", peer.Url("/x", scheme), headers, null)));

        Assert.Contains(text, denied.Message);
        Assert.Contains("request API refuses", denied.Message);
        Assert.Equal(0, peer.Accepted);
    }

    [Theory]
    [InlineData("Authorization", "Bearer secret")]
    [InlineData("Cookie", "session=1")]
    [InlineData("X-Auth-Token", "t")]
    public async Task Credential_headers_are_refused_without_connecting(string name, string value)
    {
        using var peer = RawHttpPeer.Answering("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        var sender = Sender(RequestTestPolicies.Loopback(peer.Port));

        var denied = Error<PluginHttpResponse, HostError.Denied>(await sender.SendAsync(new PluginHttpRequest("GET", peer.Url("/x"), [(name, value)], null)));

        Assert.Contains("credential", denied.Message);
        Assert.Equal(0, peer.Accepted);
    }

    [Fact]
    public async Task A_content_header_without_a_body_is_an_invalid_argument()
    {
        using var peer = RawHttpPeer.Answering("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        var sender = Sender(RequestTestPolicies.Loopback(peer.Port));

        var invalid = Error<PluginHttpResponse, HostError.InvalidArgument>(
            await sender.SendAsync(new PluginHttpRequest("GET", peer.Url("/x"), [("Content-Type", "text/plain")], null)));

        Assert.Contains("Content-Type", invalid.Message);
        Assert.Equal(0, peer.Accepted);
    }

    [Fact]
    public async Task Every_call_is_checked()
    {
        await using var peer = await HttpKestrelPeer.StartAsync();
        var sender = Sender(RequestTestPolicies.Loopback(peer.Port, paths: ["/echo"]));

        Ok(await sender.SendAsync(new PluginHttpRequest("GET", peer.Url("/echo"))));
        Error<PluginHttpResponse, HostError.Denied>(await sender.SendAsync(new PluginHttpRequest("GET", peer.Url("/redirect"))));
        Ok(await sender.SendAsync(new PluginHttpRequest("GET", peer.Url("/echo/again"))));

        Assert.Equal(2, peer.Hits);
    }
}
