using System.Net.WebSockets;
using System.Text.Json.Nodes;

namespace Yoi.Mocks.Discord.Tests;

/// <summary>Resume: replay of what the client missed, RESUMED, and every way a resume is refused.</summary>
public sealed class ResumeTests
{
    private static readonly MockGatewayOptions Options = new() { HeartbeatInterval = TimeSpan.FromMilliseconds(250) };

    [Fact]
    public async Task Resume_replays_the_dispatches_after_seq_then_sends_RESUMED()
    {
        await using var gateway = await MockGateway.StartAsync(Options);
        var (first, ready) = await TestClient.IdentifiedAsync(gateway);
        var sessionId = (string)ready["d"]!["session_id"]!;

        Assert.Equal(2, await gateway.DispatchMessageCreateAsync("100", "seen", guildId: "7"));
        var seen = await first.ReceiveOpAsync(GatewayOpcode.Dispatch);
        Assert.Equal("MESSAGE_CREATE", (string?)seen["t"]);
        Assert.Equal(2, (long?)seen["s"]);
        Assert.Equal("100", (string?)seen["d"]!["channel_id"]);
        Assert.Equal("seen", (string?)seen["d"]!["content"]);
        Assert.Equal("7", (string?)seen["d"]!["guild_id"]);
        Assert.False((bool?)seen["d"]!["author"]!["bot"]);
        Assert.Matches("^[0-9]+$", (string?)seen["d"]!["id"]);

        // The client vanishes; what is dispatched meanwhile waits for the resume.
        first.Abort();
        await first.DisposeAsync();
        var lost = await gateway.WaitForAsync(snapshot => snapshot.Connection(1)?.End is not null, TestClient.Within);
        Assert.Equal(ConnectionEnd.Lost, lost.Connection(1)!.End);
        Assert.Null(lost.Session(sessionId)!.ConnectionId);
        Assert.Equal(3, await gateway.DispatchAsync("TYPING_START", new JsonObject { ["channel_id"] = "100" }));
        Assert.Equal(4, await gateway.DispatchMessageCreateAsync("100", "missed"));

        await using var second = await TestClient.ConnectAsync(gateway.ResumeUrl + "?v=10&encoding=json");
        await second.ReceiveOpAsync(GatewayOpcode.Hello);
        await second.SendAsync(TestClient.Resume(gateway.Options.Token, sessionId, 2));
        var replayed = new[] { await second.ReceiveAsync(), await second.ReceiveAsync(), await second.ReceiveAsync() };
        Assert.Equal(["TYPING_START", "MESSAGE_CREATE", "RESUMED"], replayed.Select(frame => (string?)frame["t"]));
        Assert.Equal([3L, 4L, 5L], replayed.Select(frame => (long?)frame["s"]));
        Assert.Equal("missed", (string?)replayed[1]["d"]!["content"]);

        var resumed = await gateway.WaitForAsync(snapshot => snapshot.Connection(2)?.IsReady == true, TestClient.Within);
        var connection = resumed.Connection(2)!;
        Assert.Equal("/resume-gateway", connection.Path);
        Assert.Equal(sessionId, connection.SessionId);
        var resume = Assert.Single(connection.Resumes);
        Assert.Equal((sessionId, 2L, ResumeOutcome.Resumed, 2), (resume.SessionId, resume.Sequence!.Value, resume.Outcome, resume.Replayed));
        Assert.Equal(new SessionRecord(sessionId, 5, true, 2), resumed.Session(sessionId));

        // Live again.
        Assert.Equal(6, await gateway.DispatchMessageCreateAsync("100", "live"));
        Assert.Equal(6, (long?)(await second.ReceiveOpAsync(GatewayOpcode.Dispatch))["s"]);
    }

    [Fact]
    public async Task Resume_while_the_old_connection_is_still_open_replaces_it()
    {
        await using var gateway = await MockGateway.StartAsync(Options);
        var (zombie, ready) = await TestClient.IdentifiedAsync(gateway);
        await using var _ = zombie;

        await using var fresh = await TestClient.ConnectAsync(gateway.ResumeUrl);
        await fresh.ReceiveOpAsync(GatewayOpcode.Hello);
        await fresh.SendAsync(TestClient.Resume(gateway.Options.Token, (string)ready["d"]!["session_id"]!, 1));
        Assert.Equal("RESUMED", (string?)(await fresh.ReceiveOpAsync(GatewayOpcode.Dispatch))["t"]);

        var snapshot = await gateway.WaitForAsync(snapshot => snapshot.Connection(1)?.End is not null, TestClient.Within);
        Assert.Equal(ConnectionEnd.Superseded, snapshot.Connection(1)!.End);
        await Assert.ThrowsAsync<WebSocketException>(zombie.ReceiveAsync);
    }

    [Fact]
    public async Task Resume_of_an_unknown_session_gets_invalid_session_and_the_connection_may_identify()
    {
        await using var gateway = await MockGateway.StartAsync(Options);
        await using var client = await TestClient.ConnectAsync(gateway.GatewayUrl);
        await client.ReceiveOpAsync(GatewayOpcode.Hello);

        await client.SendAsync(TestClient.Resume(gateway.Options.Token, "no-such-session", 1));
        var invalid = await client.ReceiveOpAsync(GatewayOpcode.InvalidSession);
        Assert.False((bool?)invalid["d"]);
        Assert.Equal(ResumeOutcome.InvalidSession, Assert.Single(gateway.Snapshot().Connection(1)!.Resumes).Outcome);

        await client.SendAsync(TestClient.Identify(gateway.Options.Token));
        Assert.Equal("READY", (string?)(await client.ReceiveOpAsync(GatewayOpcode.Dispatch))["t"]);
    }

    [Theory]
    [InlineData(1000, false)]
    [InlineData(1001, false)]
    [InlineData(4000, true)]
    public async Task A_client_closing_normally_ends_its_session_and_any_other_close_keeps_it(int code, bool resumable)
    {
        await using var gateway = await MockGateway.StartAsync(Options);
        var (first, ready) = await TestClient.IdentifiedAsync(gateway);
        var sessionId = (string)ready["d"]!["session_id"]!;
        await first.CloseAsync(code);
        await first.DisposeAsync();
        var closed = await gateway.WaitForAsync(snapshot => snapshot.Connection(1)?.End is not null, TestClient.Within);
        Assert.Equal(ConnectionEnd.ClientClosed, closed.Connection(1)!.End);
        Assert.Equal(code, closed.Connection(1)!.ClientCloseCode);
        Assert.Equal(resumable, closed.Session(sessionId)!.Resumable);

        await using var second = await TestClient.ConnectAsync(gateway.ResumeUrl);
        await second.ReceiveOpAsync(GatewayOpcode.Hello);
        await second.SendAsync(TestClient.Resume(gateway.Options.Token, sessionId, 1));
        var answer = await second.ReceiveAsync();
        if (resumable)
        {
            Assert.Equal("RESUMED", (string?)answer["t"]);
        }
        else
        {
            Assert.Equal((GatewayOpcode.InvalidSession, false), ((int)answer["op"]!, (bool)answer["d"]!));
        }
    }

    [Theory]
    [InlineData(2L)]
    [InlineData(-1L)]
    [InlineData(null)]
    public async Task Resume_with_a_seq_the_server_never_sent_closes_with_4007_and_ends_the_session(long? sequence)
    {
        await using var gateway = await MockGateway.StartAsync(Options);
        var (first, ready) = await TestClient.IdentifiedAsync(gateway);
        var sessionId = (string)ready["d"]!["session_id"]!;
        first.Abort();
        await first.DisposeAsync();

        await using var second = await TestClient.ConnectAsync(gateway.ResumeUrl);
        await second.ReceiveOpAsync(GatewayOpcode.Hello);
        await second.SendAsync(TestClient.Resume(gateway.Options.Token, sessionId, sequence));
        await ProtocolErrorTests.AssertClosedWithAsync(gateway, second, GatewayCloseCode.InvalidSequence);
        var snapshot = gateway.Snapshot();
        Assert.Equal(ResumeOutcome.InvalidSequence, Assert.Single(snapshot.Latest!.Resumes).Outcome);
        Assert.False(snapshot.Session(sessionId)!.Resumable);
    }

    [Fact]
    public async Task Resume_with_a_wrong_token_closes_with_4004()
    {
        await using var gateway = await MockGateway.StartAsync(Options);
        var (first, ready) = await TestClient.IdentifiedAsync(gateway);
        await using var _ = first;

        await using var second = await TestClient.ConnectAsync(gateway.ResumeUrl);
        await second.ReceiveOpAsync(GatewayOpcode.Hello);
        await second.SendAsync(TestClient.Resume("wrong", (string)ready["d"]!["session_id"]!, 1));
        await ProtocolErrorTests.AssertClosedWithAsync(gateway, second, GatewayCloseCode.AuthenticationFailed);
        Assert.Equal(ResumeOutcome.AuthenticationFailed, Assert.Single(gateway.Snapshot().Latest!.Resumes).Outcome);
    }

    [Theory]
    [InlineData(2L, true)]
    [InlineData(1L, false)]
    public async Task With_a_history_limit_a_resume_past_the_replay_buffer_gets_invalid_session(long after, bool resumable)
    {
        await using var gateway = await MockGateway.StartAsync(Options with { HistoryLimit = 3 });
        var (first, ready) = await TestClient.IdentifiedAsync(gateway);
        var sessionId = (string)ready["d"]!["session_id"]!;
        first.Abort();
        await first.DisposeAsync();
        await gateway.WaitForAsync(snapshot => snapshot.Connection(1)?.End is not null, TestClient.Within);
        for (var i = 0; i < 4; i++)
        {
            await gateway.DispatchMessageCreateAsync("1", $"message {i}");
        }

        // The buffer holds s=3..5: a client that saw s=2 can resume, one that saw only READY cannot.
        await using var second = await TestClient.ConnectAsync(gateway.ResumeUrl);
        await second.ReceiveOpAsync(GatewayOpcode.Hello);
        await second.SendAsync(TestClient.Resume(gateway.Options.Token, sessionId, after));
        var answer = await second.ReceiveAsync();
        if (resumable)
        {
            Assert.Equal(3, (long?)answer["s"]);
            Assert.Equal(4, (long?)(await second.ReceiveAsync())["s"]);
            Assert.Equal(5, (long?)(await second.ReceiveAsync())["s"]);
            Assert.Equal("RESUMED", (string?)(await second.ReceiveAsync())["t"]);
            var connection = (await gateway.WaitForAsync(snapshot => snapshot.Connection(2)?.IsReady == true, TestClient.Within)).Connection(2)!;
            // Hello and s=3 were sent too, but only the newest three frames are kept.
            Assert.Equal([4L, 5L, 6L], connection.Sent.Select(frame => frame.Sequence!.Value));
        }
        else
        {
            Assert.Equal((GatewayOpcode.InvalidSession, false), ((int)answer["op"]!, (bool)answer["d"]!));
            Assert.False(gateway.Snapshot().Session(sessionId)!.Resumable);
        }

        Assert.Equal(3, gateway.Snapshot().Log.Count);
    }
}
