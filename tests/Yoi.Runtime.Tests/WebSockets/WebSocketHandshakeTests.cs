using Yoi.Runtime.WebSockets;
using static Yoi.Runtime.Tests.WebSockets.ResultAssert;

namespace Yoi.Runtime.Tests.WebSockets;

/// <summary>What a server may answer to the upgrade: raw peers write the 101 by hand.</summary>
public class WebSocketHandshakeTests
{
    [Fact]
    public async Task A_hand_written_101_opens()
    {
        using var peer = HostilePeer.Upgrading();
        await using var host = new WebSocketHost();
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "test");

        var opened = Ok(await session.OpenAsync(new OpenRequest(peer.Url("/"))));

        Assert.Null(opened.Subprotocol);
        Assert.DoesNotContain("Sec-WebSocket-Extensions", Assert.Single(peer.Requests), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("Sec-WebSocket-Extensions: permessage-deflate\r\n")]
    [InlineData("Sec-WebSocket-Extensions: x-unknown; p=1\r\n")]
    public async Task An_extension_the_client_did_not_offer_fails_the_open_with_io(string extension)
    {
        using var peer = HostilePeer.Upgrading(extension);
        await using var host = new WebSocketHost();
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "test");

        var io = Error<OpenedConnection, HostError.Io>(await session.OpenAsync(new OpenRequest(peer.Url("/"))));

        Assert.Contains("extension", io.Message);
        Assert.Equal(0, session.ConnectionCount);
        Assert.Equal(0, host.ConnectionCount);
    }

    [Fact]
    public async Task Oversized_upgrade_response_headers_are_a_limit()
    {
        using var peer = HostilePeer.Upgrading($"X-Pad: {new string('x', 20 * 1024)}\r\n");
        await using var host = new WebSocketHost();
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "test");

        var limit = Error<OpenedConnection, HostError.Limit>(await session.OpenAsync(new OpenRequest(peer.Url("/"))));

        Assert.Contains("16 KiB", limit.Message);
        Assert.Equal(0, host.ConnectionCount);
    }
}
