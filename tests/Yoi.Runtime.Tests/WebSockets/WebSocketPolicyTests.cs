using System.Net;
using Yoi.Runtime.Tests.Policy;
using Yoi.Runtime.WebSockets;
using static Yoi.Runtime.Tests.WebSockets.ResultAssert;

namespace Yoi.Runtime.Tests.WebSockets;

/// <summary>Opens against real servers on 127.0.0.1: what the policy allows connects, nothing else does.</summary>
public class WebSocketPolicyTests
{
    [Fact]
    public async Task Declared_and_granted_url_connects_and_echoes()
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var host = new WebSocketHost();
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "test");

        var opened = Ok(await session.OpenAsync(new OpenRequest(peer.Url("/echo"))));
        Ok(await session.SendAsync(opened.Connection, new WebSocketMessage.Text("héllo")));
        var incoming = Ok(await session.RecvAsync(opened.Connection, 5000));

        Assert.Equal(new WebSocketIncoming.Message(new WebSocketMessage.Text("héllo")), incoming.Value);
        Ok(await session.SendAsync(opened.Connection, new WebSocketMessage.Binary(new byte[] { 1, 2, 3 })));
        Assert.Equal(new WebSocketIncoming.Message(new WebSocketMessage.Binary(new byte[] { 1, 2, 3 })), Ok(await session.RecvAsync(opened.Connection, 5000)).Value);
        Ok(await session.CloseAsync(opened.Connection));
        Assert.True(await WaitFor.TrueAsync(() => peer.Active == 0));
        Assert.Equal(1, peer.Accepted);
    }

    [Fact]
    public async Task Undeclared_url_is_denied_without_connecting()
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var host = new WebSocketHost();
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port + 1 == 65536 ? 1 : peer.Port + 1), "test");

        var denied = Error<OpenedConnection, HostError.Denied>(await session.OpenAsync(new OpenRequest(peer.Url("/echo"))));

        Assert.Contains("port", denied.Message);
        Assert.Equal(0, peer.Accepted);
    }

    [Fact]
    public async Task Declared_but_not_granted_is_denied()
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var host = new WebSocketHost();
        var target = TestTargets.Ws("127.0.0.1", scheme: "ws", port: peer.Port);
        await using var session = host.CreateSession(TestPolicies.Sides([target], [TestTargets.Ws("chat.example.com")]), "test");

        var denied = Error<OpenedConnection, HostError.Denied>(await session.OpenAsync(new OpenRequest(peer.Url("/echo"))));

        Assert.Contains("not-granted", denied.Message);
        Assert.Equal(0, peer.Accepted);
    }

    [Fact]
    public async Task Granted_but_not_declared_is_denied()
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var host = new WebSocketHost();
        var target = TestTargets.Ws("127.0.0.1", scheme: "ws", port: peer.Port);
        await using var session = host.CreateSession(TestPolicies.Sides([], [target]), "test");

        var denied = Error<OpenedConnection, HostError.Denied>(await session.OpenAsync(new OpenRequest(peer.Url("/echo"))));

        Assert.Contains("not-declared", denied.Message);
        Assert.Equal(0, peer.Accepted);
    }

    [Fact]
    public async Task Loopback_needs_an_explicit_target_on_both_sides()
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var host = new WebSocketHost();
        var explicitTarget = TestTargets.Ws("127.0.0.1", scheme: "ws", port: peer.Port);
        var everything = TestTargets.Ws("0.0.0.0/0", scheme: "ws", anyPort: true);
        await using var grantBroad = host.CreateSession(TestPolicies.Sides([explicitTarget], [everything]), "a");
        await using var declareBroad = host.CreateSession(TestPolicies.Sides([everything], [explicitTarget]), "b");
        await using var both = host.CreateSession(TestPolicies.Both(explicitTarget), "c");

        Error<OpenedConnection, HostError.Denied>(await grantBroad.OpenAsync(new OpenRequest(peer.Url("/echo"))));
        Error<OpenedConnection, HostError.Denied>(await declareBroad.OpenAsync(new OpenRequest(peer.Url("/echo"))));
        Assert.Equal(0, peer.Accepted);
        Ok(await both.OpenAsync(new OpenRequest(peer.Url("/echo"))));
        Assert.Equal(1, peer.Accepted);
    }

    [Fact]
    public async Task A_public_name_that_resolves_to_loopback_is_refused_at_connect()
    {
        await using var peer = await KestrelPeer.StartAsync();
        var resolver = new FakeResolver(new() { ["rebind.example.com"] = [IPAddress.Parse("93.184.216.34"), IPAddress.Loopback] });
        await using var host = new WebSocketHost(resolver: resolver);
        var target = TestTargets.Ws("rebind.example.com", scheme: "ws", port: peer.Port);
        await using var session = host.CreateSession(TestPolicies.Both(target), "test");

        var denied = Error<OpenedConnection, HostError.Denied>(await session.OpenAsync(new OpenRequest($"ws://rebind.example.com:{peer.Port}/echo")));

        Assert.Contains("private-address", denied.Message);
        Assert.Equal(1, resolver.Lookups);
        Assert.Equal(0, peer.Accepted);
        Assert.Equal(0, host.ConnectionCount);
    }

    [Fact]
    public async Task Localhost_named_on_both_sides_connects_to_the_resolved_loopback_address_only()
    {
        await using var peer = await KestrelPeer.StartAsync();
        var resolver = new FakeResolver(new() { ["localhost"] = [IPAddress.Loopback] });
        await using var host = new WebSocketHost(resolver: resolver);
        await using var session = host.CreateSession(TestPolicies.Both(TestTargets.Ws("localhost", scheme: "ws", port: peer.Port)), "test");

        var opened = Ok(await session.OpenAsync(new OpenRequest($"ws://LOCALHOST:{peer.Port}/echo")));

        Assert.Equal(1, resolver.Lookups);
        Ok(await session.CloseAsync(opened.Connection));
    }

    [Fact]
    public async Task A_redirect_on_the_upgrade_is_refused_and_not_followed()
    {
        using var elsewhere = HostilePeer.Answering("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
        using var peer = HostilePeer.Answering(
            $"HTTP/1.1 302 Found\r\nLocation: {elsewhere.Url("/x")}\r\nContent-Length: 0\r\n\r\n");
        await using var host = new WebSocketHost();
        var policy = TestPolicies.Sides(
            [TestTargets.Ws("127.0.0.1", scheme: "ws", anyPort: true)], [TestTargets.Ws("127.0.0.1", scheme: "ws", anyPort: true)]);
        await using var session = host.CreateSession(policy, "test");

        var denied = Error<OpenedConnection, HostError.Denied>(await session.OpenAsync(new OpenRequest(peer.Url("/a/./b/../c?q=1"))));

        Assert.Contains("302", denied.Message);
        Assert.Equal(0, elsewhere.Accepted);
        var head = Assert.Single(peer.Requests);
        Assert.StartsWith("GET /a/c?q=1 HTTP/1.1\r\n", head);
        Assert.DoesNotContain("Cookie", head, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Authorization", head, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, host.ConnectionCount);
    }

    [Fact]
    public async Task A_non_101_answer_is_an_io_error()
    {
        using var peer = HostilePeer.Answering("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n");
        await using var host = new WebSocketHost();
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "test");

        var io = Error<OpenedConnection, HostError.Io>(await session.OpenAsync(new OpenRequest(peer.Url("/"))));

        Assert.Contains("403", io.Message);
    }

    [Theory]
    [InlineData("Authorization", "Bearer x")]
    [InlineData("Cookie", "a=b")]
    [InlineData("Sec-WebSocket-Protocol", "chat")]
    [InlineData("Origin", "https://trusted.example")]
    [InlineData("X-Api-Key", "k")]
    public async Task Forbidden_headers_are_denied_before_connecting(string name, string value)
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var host = new WebSocketHost();
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "test");

        Error<OpenedConnection, HostError.Denied>(await session.OpenAsync(new OpenRequest(peer.Url("/echo"), [], [(name, value)])));

        Assert.Equal(0, peer.Accepted);
    }

    [Fact]
    public async Task Malformed_headers_are_invalid_arguments_and_allowed_ones_reach_the_server()
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var host = new WebSocketHost();
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "test");

        Error<OpenedConnection, HostError.InvalidArgument>(await session.OpenAsync(new OpenRequest(peer.Url("/echo"), [], [("X-Trace", "a\r\nHost: evil")])));
        var opened = Ok(await session.OpenAsync(new OpenRequest(peer.Url("/header?name=X-Trace"), [], [("X-Trace", "abc")])));

        Assert.Equal(new WebSocketIncoming.Message(new WebSocketMessage.Text("abc")), Ok(await session.RecvAsync(opened.Connection, 5000)).Value);
    }

    [Fact]
    public async Task Only_allowed_subprotocols_are_offered()
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var host = new WebSocketHost();
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port, ["chat.v1"]), "test");

        var denied = Error<OpenedConnection, HostError.Denied>(await session.OpenAsync(new OpenRequest(peer.Url("/echo"), ["chat.v2"], [])));
        Assert.Contains("subprotocol", denied.Message);
        Assert.Equal(0, peer.Accepted);

        var opened = Ok(await session.OpenAsync(new OpenRequest(peer.Url("/echo"), ["chat.v1"], [])));
        Assert.Equal("chat.v1", opened.Subprotocol);
    }

    [Fact]
    public async Task A_malformed_url_is_an_invalid_argument()
    {
        await using var host = new WebSocketHost();
        await using var session = host.CreateSession(TestPolicies.Loopback(1234), "test");

        Error<OpenedConnection, HostError.InvalidArgument>(await session.OpenAsync(new OpenRequest("ws://user@127.0.0.1:1234/")));
        Error<OpenedConnection, HostError.Denied>(await session.OpenAsync(new OpenRequest("http://127.0.0.1:1234/")));
    }
}
