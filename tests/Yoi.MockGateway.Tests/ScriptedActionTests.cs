using System.Net.WebSockets;

namespace Yoi.Mocks.Discord.Tests;

/// <summary>What a script does to a connected client: reconnect, invalidate, close, drop.</summary>
public sealed class ScriptedActionTests
{
    private static readonly MockGatewayOptions Options = new() { HeartbeatInterval = TimeSpan.FromMilliseconds(250) };

    [Fact]
    public async Task Reconnect_reaches_the_client_and_leaves_the_connection_open()
    {
        await using var gateway = await MockGateway.StartAsync(Options);
        var (client, _) = await TestClient.IdentifiedAsync(gateway);
        await using var _ = client;

        await gateway.ReconnectAsync();
        Assert.Null((await client.ReceiveOpAsync(GatewayOpcode.Reconnect))["d"]);
        await client.SendAsync(TestClient.Heartbeat(1));
        await client.ReceiveOpAsync(GatewayOpcode.HeartbeatAck);
        Assert.True(gateway.Snapshot().Latest!.IsReady);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Invalid_session_reaches_the_client_and_decides_whether_a_resume_works(bool resumable)
    {
        await using var gateway = await MockGateway.StartAsync(Options);
        var (client, ready) = await TestClient.IdentifiedAsync(gateway);
        await using var _ = client;
        var sessionId = (string)ready["d"]!["session_id"]!;

        await gateway.InvalidateSessionAsync(resumable);
        Assert.Equal(resumable, (bool?)(await client.ReceiveOpAsync(GatewayOpcode.InvalidSession))["d"]);
        var snapshot = gateway.Snapshot();
        Assert.Null(snapshot.Latest!.SessionId);
        Assert.Equal(new SessionRecord(sessionId, 1, resumable, null), snapshot.Session(sessionId));

        // While detached, a dispatch to a resumable session waits for the resume.
        if (resumable)
        {
            Assert.Equal(2, await gateway.DispatchMessageCreateAsync("1", "while invalid"));
        }

        await client.SendAsync(TestClient.Resume(gateway.Options.Token, sessionId, 1));
        var answer = await client.ReceiveAsync();
        if (resumable)
        {
            Assert.Equal(("MESSAGE_CREATE", 2L), ((string?)answer["t"], (long?)answer["s"]));
            Assert.Equal("RESUMED", (string?)(await client.ReceiveOpAsync(GatewayOpcode.Dispatch))["t"]);
        }
        else
        {
            Assert.Equal((GatewayOpcode.InvalidSession, false), ((int)answer["op"]!, (bool)answer["d"]!));
            await Assert.ThrowsAsync<InvalidOperationException>(() => gateway.DispatchMessageCreateAsync("1", "nobody"));
        }
    }

    [Theory]
    [InlineData(GatewayCloseCode.UnknownError, "Unknown error", true)]
    [InlineData(GatewayCloseCode.SessionTimedOut, "Session timed out", false)]
    [InlineData(GatewayCloseCode.Normal, "bye", true)]
    public async Task A_close_reaches_the_client_with_its_code_and_reason(int code, string reason, bool resumable)
    {
        await using var gateway = await MockGateway.StartAsync(Options);
        var (client, ready) = await TestClient.IdentifiedAsync(gateway);
        await using var _ = client;

        await gateway.CloseAsync(code, code == GatewayCloseCode.Normal ? reason : null);
        Assert.Equal((code, reason), await client.ReceiveCloseAsync());
        var snapshot = await gateway.WaitForAsync(snapshot => snapshot.Latest!.End is not null, TestClient.Within);
        Assert.Equal(ConnectionEnd.ServerClosed, snapshot.Latest!.End);
        Assert.Equal(resumable, snapshot.Session((string)ready["d"]!["session_id"]!)!.Resumable);
    }

    [Fact]
    public async Task Drop_aborts_the_connection_without_a_close_frame_and_keeps_the_session()
    {
        await using var gateway = await MockGateway.StartAsync(Options);
        var (client, ready) = await TestClient.IdentifiedAsync(gateway);
        await using var _ = client;

        await gateway.DropAsync();
        await Assert.ThrowsAsync<WebSocketException>(client.ReceiveAsync);
        var snapshot = await gateway.WaitForAsync(snapshot => snapshot.Latest!.End is not null, TestClient.Within);
        var connection = snapshot.Latest!;
        Assert.Equal(ConnectionEnd.Dropped, connection.End);
        Assert.Null(connection.ServerCloseCode);
        Assert.Null(connection.ClientCloseCode);
        Assert.True(snapshot.Session((string)ready["d"]!["session_id"]!)!.Resumable);
        Assert.Contains(snapshot.Log, line => line.Contains("c1 aborting: Dropped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Actions_go_to_the_newest_open_connection()
    {
        await using var gateway = await MockGateway.StartAsync(Options);
        var (older, _) = await TestClient.IdentifiedAsync(gateway);
        await using var _ = older;
        var (newer, _) = await TestClient.IdentifiedAsync(gateway);
        await using var __ = newer;

        await gateway.RequestHeartbeatAsync();
        await newer.ReceiveOpAsync(GatewayOpcode.Heartbeat);
        var snapshot = gateway.Snapshot();
        Assert.DoesNotContain(snapshot.Connection(1)!.Sent, frame => frame.Op == GatewayOpcode.Heartbeat);
        Assert.Single(snapshot.Connection(2)!.Sent, frame => frame.Op == GatewayOpcode.Heartbeat);
    }
}
