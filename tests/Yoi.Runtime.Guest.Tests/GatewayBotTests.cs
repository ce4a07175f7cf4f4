using System.Text.Json.Nodes;
using Yoi.Host.ServiceTypes;
using Yoi.Mocks.Discord;
using Yoi.Runtime.Hosting;
using Yoi.Runtime.Services;

namespace Yoi.Runtime.Guest.Tests;

/// <summary>
/// The JavaScript gateway bot (examples/gateway-bot) as a service of a real <see cref="PluginHost"/>
/// against a real <see cref="MockGateway"/> on 127.0.0.1, the token granted as an owner-only secret
/// file. Each scenario is asserted on what the mock recorded (frames, heartbeats, identifies, resumes,
/// close codes, REST posts) and on the bot's own state. Time is a <see cref="Microsoft.Extensions.Time.Testing.FakeTimeProvider"/>
/// shared by the bot's timers and the mock's records (<see cref="GatewayBotRun"/>), so heartbeat and
/// backoff intervals are exact and nothing waits on the wall clock.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // the token file's owner-only mode
public sealed class GatewayBotTests(GatewayBotFixture fixture) : IClassFixture<GatewayBotFixture>
{
    private const string Channel = "1300000000000000001";

    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);

    /// <summary>The first heartbeat's delay after Hello: interval × the seed's first jitter value.</summary>
    private static readonly TimeSpan FirstHeartbeat = BotJitter.TimerDelay(GatewayBotRun.Interval.TotalMilliseconds * new BotJitter(GatewayBotRun.Seed).Next());

    [Fact]
    public async Task Hello_then_identify_with_the_token_as_a_secret_then_READY()
    {
        await using var run = await GatewayBotRun.StartAsync(fixture);
        var snapshot = await run.ReadyAsync();

        var connection = snapshot.Connection(1)!;
        Assert.Equal(("/gateway", "?v=10&encoding=json"), (connection.Path, connection.Query));
        Assert.Equal([GatewayOpcode.Hello, GatewayOpcode.Dispatch], connection.Sent.Select(f => f.Op));
        Assert.Equal(("READY", 1L), (connection.Sent[1].EventName, connection.Sent[1].Sequence!.Value));

        // The host wrote the token into the plugin's text parts, unescaped, and nothing else changed.
        var identify = Assert.Single(connection.Identifies);
        Assert.Equal((fixture.Token, 37376L), (identify.Token, identify.Intents!.Value));
        Assert.Equal(
            "{\"op\":2,\"d\":{\"token\":\"" + fixture.Token + "\",\"intents\":37376,\"properties\":{\"os\":\"wasm32\",\"browser\":\"yoi-gateway-bot\",\"device\":\"yoi-gateway-bot\"}}}",
            Assert.Single(connection.Received, f => f.Op == GatewayOpcode.Identify).Text);
        Assert.Equal(connection.SessionId, Assert.Single(snapshot.Sessions).Id);

        // Everything the plugin reports (and so everything it could know) lacks the value.
        var state = await run.StateAsync();
        Assert.Equal(("ready", true, 1L, 1, 0), ((string?)state["phase"], (bool?)state["session"], (long?)state["seq"], (int?)state["identifies"], (int?)state["resumes"]));
        var status = await run.Service.GetStatusAsync();
        Assert.True(status.IsOk, status.IsOk ? "" : status.Error.ToString());
        Assert.Equal((Health.Healthy, "ready; seq 1; heartbeats 0/0 acked"), (status.Value.Health, status.Value.Detail));
        Assert.DoesNotContain(fixture.Token, state.ToJsonString());
        Assert.DoesNotContain(fixture.Token, status.Value.Detail);
    }

    [Fact]
    public async Task Heartbeats_come_at_the_interval_the_first_after_interval_times_jitter_each_with_the_last_seq()
    {
        await using var run = await GatewayBotRun.StartAsync(fixture);
        var hello = (await run.ReadyAsync()).Connection(1)!.HelloSentAt!.Value;

        // The first is due exactly interval × jitter after Hello (326 ms for this seed), not a millisecond earlier.
        Assert.Equal(0, (int?)(await run.AdvanceAsync(FirstHeartbeat - Ms))["heartbeatsSent"]);
        Assert.Equal(1, (int?)(await run.AdvanceAsync(Ms))["heartbeatsSent"]);
        var first = Assert.Single((await run.WaitForAsync(s => s.Connection(1)!.Heartbeats.Count == 1)).Connection(1)!.Heartbeats);
        Assert.Equal(new HeartbeatRecord(hello + FirstHeartbeat, 1, 1), first);
        await run.WaitForStateAsync(s => (int?)s["heartbeatsAcked"] == 1 && (bool?)s["awaitingAck"] == false, "acknowledged once");

        // Dispatches move the sequence the next heartbeat carries.
        Assert.Equal(2, await run.Gateway.DispatchAsync("TYPING_START", new JsonObject { ["channel_id"] = Channel }));
        Assert.Equal(3, await run.Gateway.DispatchMessageCreateAsync(Channel, "no command here"));
        await run.WaitForStateAsync(s => (long?)s["seq"] == 3, "at seq 3");

        Assert.Equal(1, (int?)(await run.AdvanceAsync(GatewayBotRun.Interval - Ms))["heartbeatsSent"]);
        Assert.Equal(2, (int?)(await run.AdvanceAsync(Ms))["heartbeatsSent"]);
        await run.WaitForStateAsync(s => (int?)s["heartbeatsAcked"] == 2, "acknowledged twice");
        Assert.Equal(3, (int?)(await run.AdvanceAsync(GatewayBotRun.Interval))["heartbeatsSent"]);
        await run.WaitForStateAsync(s => (int?)s["heartbeatsAcked"] == 3, "acknowledged three times");

        var connection = (await run.WaitForAsync(s => s.Connection(1)!.Heartbeats.Count == 3 && s.Connection(1)!.Sent.Count(f => f.Op == GatewayOpcode.HeartbeatAck) == 3)).Connection(1)!;
        Assert.Equal(
        [
            new HeartbeatRecord(hello + FirstHeartbeat, 1, 1),
            new HeartbeatRecord(hello + FirstHeartbeat + GatewayBotRun.Interval, 3, 3),
            new HeartbeatRecord(hello + FirstHeartbeat + (2 * GatewayBotRun.Interval), 3, 3),
        ], connection.Heartbeats);
        var state = await run.StateAsync();
        Assert.Equal(("ready", 0, 0L), ((string?)state["phase"], (int?)state["reconnects"], (long?)state["ackLatencyMs"]));
        Assert.Equal("ready; seq 3; heartbeats 3/3 acked; last ack after 0 ms", (await run.Service.GetStatusAsync()).Value.Detail);
    }

    [Fact]
    public async Task A_heartbeat_request_is_answered_at_once_and_the_ACK_round_trip_is_measured_on_the_host_clock()
    {
        await using var run = await GatewayBotRun.StartAsync(fixture);
        var hello = (await run.ReadyAsync()).Connection(1)!.HelloSentAt!.Value;
        run.Gateway.AcknowledgeHeartbeats = false;
        Assert.Equal(1, (int?)(await run.AdvanceAsync(FirstHeartbeat))["heartbeatsSent"]);
        await run.WaitForAsync(s => s.Connection(1)!.Heartbeats.Count == 1);

        // 40 ms later the ACK is still awaited (the status says for how long on the host's clock) ...
        run.Clock.Advance(TimeSpan.FromMilliseconds(40));
        Assert.Equal("ready; seq 1; heartbeats 0/1 acked; ack pending for 40 ms", (await run.Service.GetStatusAsync()).Value.Detail);

        // ... then the gateway asks for a heartbeat (op 1): sent without the clock moving, and its ACK
        // answers the oldest heartbeat, 40 ms after it went.
        run.Gateway.AcknowledgeHeartbeats = true;
        await run.Gateway.RequestHeartbeatAsync();
        var requested = (await run.WaitForAsync(s => s.Connection(1)!.Heartbeats.Count == 2)).Connection(1)!.Heartbeats[1];
        Assert.Equal(new HeartbeatRecord(hello + FirstHeartbeat + TimeSpan.FromMilliseconds(40), 1, 1), requested);
        var state = await run.WaitForStateAsync(s => (int?)s["heartbeatsAcked"] == 1, "acknowledged");
        Assert.Equal((2, false, 40L), ((int?)state["heartbeatsSent"], (bool?)state["awaitingAck"], (long?)state["ackLatencyMs"]));
        Assert.Equal("ready; seq 1; heartbeats 1/2 acked; last ack after 40 ms", (await run.Service.GetStatusAsync()).Value.Detail);

        // The request did not move the schedule: the next heartbeat is still one interval after the first.
        Assert.Equal(2, (int?)(await run.AdvanceAsync(GatewayBotRun.Interval - TimeSpan.FromMilliseconds(40) - Ms))["heartbeatsSent"]);
        Assert.Equal(3, (int?)(await run.AdvanceAsync(Ms))["heartbeatsSent"]);
        Assert.Equal("ready", (string?)(await run.WaitForStateAsync(s => (int?)s["heartbeatsAcked"] == 2, "acknowledged again"))["phase"]);
    }

    [Fact]
    public async Task A_zombie_connection_is_closed_with_4000_and_resumed_and_the_missed_dispatches_are_replayed()
    {
        await using var run = await GatewayBotRun.StartAsync(fixture);
        var sessionId = (await run.ReadyAsync()).Connection(1)!.SessionId!;
        Assert.Equal(2, await run.Gateway.DispatchMessageCreateAsync(Channel, "seen"));
        await run.WaitForStateAsync(s => (long?)s["seq"] == 2, "at seq 2");

        // No ACK for the first heartbeat: when the second is due the connection is a zombie.
        run.Gateway.AcknowledgeHeartbeats = false;
        await run.AdvanceAsync(FirstHeartbeat);
        await run.WaitForAsync(s => s.Connection(1)!.Heartbeats.Count == 1);
        var state = await run.AdvanceAsync(GatewayBotRun.Interval);
        Assert.Equal(("waiting", 1, 1), ((string?)state["phase"], (int?)state["heartbeatsSent"], (int?)state["attempts"]));
        var closed = (await run.WaitForAsync(s => s.Connection(1)!.End is not null)).Connection(1)!;
        Assert.Equal((ConnectionEnd.ClientClosed, 4000), (closed.End, closed.ClientCloseCode));
        run.Gateway.AcknowledgeHeartbeats = true;

        // What happens meanwhile waits in the session's buffer; the !ping among it is answered after the resume.
        Assert.Equal(3, await run.Gateway.DispatchAsync("TYPING_START", new JsonObject { ["channel_id"] = Channel }));
        Assert.Equal(4, await run.Gateway.DispatchMessageCreateAsync(Channel, "!ping while away"));

        var waited = await run.AdvanceUntilAsync(s => (int?)s["reconnects"] == 1, Step, TimeSpan.FromSeconds(1), "reconnected");
        Assert.InRange(waited, TimeSpan.FromMilliseconds(25), TimeSpan.FromMilliseconds(50));
        var resumed = (await run.WaitForAsync(s => s.Connection(2) is { IsReady: true } c && c.Sent.Any(f => f.EventName == "RESUMED"))).Connection(2)!;
        Assert.Equal(("/resume-gateway", "?v=10&encoding=json"), (resumed.Path, resumed.Query));
        Assert.Empty(resumed.Identifies);
        var resume = Assert.Single(resumed.Resumes);
        Assert.Equal((fixture.Token, sessionId, 2L, ResumeOutcome.Resumed, 2), (resume.Token, resume.SessionId, resume.Sequence!.Value, resume.Outcome, resume.Replayed));
        Assert.Equal(["TYPING_START", "MESSAGE_CREATE", "RESUMED"], resumed.Sent.Where(f => f.Op == GatewayOpcode.Dispatch).Select(f => f.EventName));

        state = await run.WaitForStateAsync(s => (string?)s["phase"] == "ready" && (long?)s["seq"] == 5 && (int?)s["pongs"] == 1, "ready at seq 5 with the replayed !ping answered");
        Assert.Equal((1, 1), ((int?)state["resumes"], (int?)state["identifies"]));
        Assert.Equal("pong", Assert.Single(run.Gateway.Snapshot().Posts).Content);
    }

    [Fact]
    public async Task Reconnect_op_7_is_answered_by_closing_with_4000_and_resuming()
    {
        await using var run = await GatewayBotRun.StartAsync(fixture);
        var sessionId = (await run.ReadyAsync()).Connection(1)!.SessionId!;

        await run.Gateway.ReconnectAsync();
        await run.WaitForStateAsync(s => (string?)s["phase"] == "waiting", "waiting to reconnect");
        Assert.Equal(4000, (await run.WaitForAsync(s => s.Connection(1)!.End is not null)).Connection(1)!.ClientCloseCode);

        await AssertResumedAsync(run, sessionId, seq: 1);
    }

    [Fact]
    public async Task Invalid_session_resumable_is_answered_by_a_resume()
    {
        await using var run = await GatewayBotRun.StartAsync(fixture);
        var sessionId = (await run.ReadyAsync()).Connection(1)!.SessionId!;

        await run.Gateway.InvalidateSessionAsync(resumable: true);
        await run.WaitForStateAsync(s => (string?)s["phase"] == "waiting" && (bool?)s["session"] == true, "waiting to resume");
        Assert.Equal(4000, (await run.WaitForAsync(s => s.Connection(1)!.End is not null)).Connection(1)!.ClientCloseCode);

        await AssertResumedAsync(run, sessionId, seq: 1);
    }

    [Fact]
    public async Task Invalid_session_not_resumable_is_answered_by_a_new_identify_after_one_to_five_seconds()
    {
        await using var run = await GatewayBotRun.StartAsync(fixture);
        var sessionId = (await run.ReadyAsync()).Connection(1)!.SessionId!;

        await run.Gateway.InvalidateSessionAsync(resumable: false);
        await run.WaitForStateAsync(s => (string?)s["phase"] == "waiting" && (bool?)s["session"] == false, "waiting with the session forgotten");
        Assert.Equal(4000, (await run.WaitForAsync(s => s.Connection(1)!.End is not null)).Connection(1)!.ClientCloseCode);

        // Discord's documented wait: at least 1 s, at most 5 s (seen to the 50 ms step).
        var before = TimeSpan.FromSeconds(1) - Ms;
        Assert.Equal(0, (int?)(await run.AdvanceAsync(before))["reconnects"]);
        var step = TimeSpan.FromMilliseconds(50);
        var waited = before + await run.AdvanceUntilAsync(s => (int?)s["reconnects"] == 1, step, TimeSpan.FromSeconds(5), "reconnected");
        Assert.InRange(waited, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5) + step - Ms);

        await AssertIdentifiedAgainAsync(run, sessionId);
    }

    [Theory]
    [InlineData(4000)] // unknown error
    [InlineData(4008)] // rate limited
    public async Task A_resumable_close_code_is_answered_by_a_resume(int code)
    {
        await using var run = await GatewayBotRun.StartAsync(fixture);
        var sessionId = (await run.ReadyAsync()).Connection(1)!.SessionId!;

        await run.Gateway.CloseAsync(code);
        var state = await run.WaitForStateAsync(s => (string?)s["phase"] == "waiting", "waiting to reconnect");
        Assert.StartsWith($"{code} ", (string?)state["lastClose"]);
        Assert.True((bool?)state["session"]);

        await AssertResumedAsync(run, sessionId, seq: 1);
    }

    [Theory]
    [InlineData(4007)] // invalid seq
    [InlineData(4009)] // session timed out
    public async Task A_session_ending_close_code_is_answered_by_a_new_identify(int code)
    {
        await using var run = await GatewayBotRun.StartAsync(fixture);
        var sessionId = (await run.ReadyAsync()).Connection(1)!.SessionId!;

        await run.Gateway.CloseAsync(code);
        var state = await run.WaitForStateAsync(s => (string?)s["phase"] == "waiting", "waiting to reconnect");
        Assert.StartsWith($"{code} ", (string?)state["lastClose"]);
        Assert.False((bool?)state["session"]);

        await run.AdvanceUntilAsync(s => (int?)s["reconnects"] == 1, Step, TimeSpan.FromSeconds(1), "reconnected");
        await AssertIdentifiedAgainAsync(run, sessionId);
    }

    [Fact]
    public async Task Close_4004_makes_the_bot_give_up_unhealthy_with_no_more_connections()
    {
        await using var run = await GatewayBotRun.StartAsync(fixture);
        await run.ReadyAsync();

        await run.Gateway.CloseAsync(GatewayCloseCode.AuthenticationFailed);
        var state = await run.WaitForStateAsync(s => (string?)s["phase"] == "failed", "failed");
        Assert.Equal("gateway closed 4004 Authentication failed (authentication failed; not retrying)", (string?)state["failure"]);

        // Nothing is pending any more: an hour later there is still one connection, and the service runs on, unhealthy.
        state = await run.AdvanceAsync(TimeSpan.FromHours(1));
        Assert.Equal((0, false), ((int?)state["reconnects"], (bool?)state["connected"]));
        Assert.Equal(1, run.Gateway.Snapshot().ConnectionsOpened);
        var status = (await run.Service.GetStatusAsync()).Value;
        Assert.Equal(Health.Unhealthy, status.Health);
        Assert.Contains("4004", status.Detail);
        Assert.Equal(ServiceState.Running, run.Service.State);
    }

    [Fact]
    public async Task A_dropped_TCP_connection_is_resumed()
    {
        await using var run = await GatewayBotRun.StartAsync(fixture);
        var sessionId = (await run.ReadyAsync()).Connection(1)!.SessionId!;

        await run.Gateway.DropAsync();
        await run.WaitForStateAsync(s => (string?)s["phase"] == "waiting", "waiting to reconnect");
        Assert.Equal(ConnectionEnd.Dropped, (await run.WaitForAsync(s => s.Connection(1)!.End is not null)).Connection(1)!.End);

        await AssertResumedAsync(run, sessionId, seq: 1);
    }

    [Fact]
    public async Task A_reconnect_storm_meets_a_growing_backoff_and_ends_after_the_most_attempts()
    {
        await using var run = await GatewayBotRun.StartAsync(fixture);
        await run.ReadyAsync();

        // The server drops every connection as soon as it has said Hello.
        var gaps = new List<TimeSpan>();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var id = attempt;
            await run.WaitForAsync(s => s.Connection(id)?.HelloSentAt is not null);
            await run.Gateway.DropAsync();
            await run.WaitForStateAsync(s => (string?)s["phase"] == "waiting" && (int?)s["attempts"] == id, $"waiting for attempt {id}");
            var gap = await run.AdvanceUntilAsync(s => (int?)s["reconnects"] == id, Step, TimeSpan.FromSeconds(2), $"reconnected {id} times");

            // min(maxMs, initialMs × 2^(attempt−1)), the upper half jittered; seen to the step.
            var full = TimeSpan.FromMilliseconds(50 * (1 << (attempt - 1)));
            Assert.InRange(gap, full / 2, full + Step - Ms);
            gaps.Add(gap);
        }

        await run.WaitForAsync(s => s.Connection(6)?.HelloSentAt is not null);
        await run.Gateway.DropAsync();
        var state = await run.WaitForStateAsync(s => (string?)s["phase"] == "failed", "failed");
        Assert.EndsWith("gave up after 5 reconnect attempts", (string?)state["failure"]);

        Assert.Equal(gaps.Order(), gaps);
        Assert.True(gaps[^1] >= 4 * gaps[0], $"gaps {string.Join(", ", gaps.Select(g => g.TotalMilliseconds))} ms");
        state = await run.AdvanceAsync(TimeSpan.FromHours(1));
        Assert.Equal(5, (int?)state["reconnects"]);
        Assert.Equal(6, run.Gateway.Snapshot().ConnectionsOpened);
        Assert.Equal(Health.Unhealthy, (await run.Service.GetStatusAsync()).Value.Health);
    }

    [Fact]
    public async Task A_ping_is_answered_by_a_REST_post_with_the_bot_token_and_messages_from_bots_are_ignored()
    {
        await using var run = await GatewayBotRun.StartAsync(fixture);
        await run.ReadyAsync();

        Assert.Equal(2, await run.Gateway.DispatchMessageCreateAsync(Channel, "!ping", authorUsername: "other-bot", authorIsBot: true));
        Assert.Equal(3, await run.Gateway.DispatchMessageCreateAsync(Channel, "hello there"));
        Assert.Equal(4, await run.Gateway.DispatchMessageCreateAsync(Channel, "!ping"));

        // Seq 4 seen means all three were handled, in order: only the person's !ping was answered.
        var state = await run.WaitForStateAsync(s => (long?)s["seq"] == 4, "at seq 4");
        Assert.Equal((1, 0), ((int?)state["pongs"], (int?)state["restFailures"]));
        var post = Assert.Single(run.Gateway.Snapshot().Posts);
        Assert.Equal((Channel, "pong", $"Bot {fixture.Token}", true, 200), (post.ChannelId, post.Content, post.Authorization, post.AuthorizationValid, post.Status));
        Assert.DoesNotContain(fixture.Token, state.ToJsonString());
    }

    [Fact]
    public async Task Invoke_posts_a_message_and_reports_the_state_as_JSON()
    {
        await using var run = await GatewayBotRun.StartAsync(fixture);
        await run.ReadyAsync();

        var posted = await run.Service.InvokeAsync($$$"""{"post":{"channel":"{{{Channel}}}","content":"hello from the host"}}""");
        Assert.Equal("""{"status":200}""", posted.Value.OkValue);
        var post = Assert.Single(run.Gateway.Snapshot().Posts);
        Assert.Equal((Channel, "hello from the host", true, 200), (post.ChannelId, post.Content, post.AuthorizationValid, post.Status));

        var state = (await run.Service.InvokeAsync("""{"state":true}""")).Value.OkValue;
        Assert.Equal(
            """{"phase":"ready","connected":true,"ready":true,"session":true,"seq":1,"heartbeatsSent":0,"heartbeatsAcked":0,"awaitingAck":false,"ackLatencyMs":null,"reconnects":0,"resumes":0,"identifies":1,"attempts":0,"pongs":0,"restFailures":0,"ignored":0,"lastClose":null,"lastError":null,"failure":null}""",
            state);

        var unknown = await run.Service.InvokeAsync("""{"shout":true}""");
        Assert.StartsWith("unknown request", unknown.Value.ErrValue);
        var badChannel = await run.Service.InvokeAsync("""{"post":{"channel":"../admin","content":"x"}}""");
        Assert.StartsWith("post.channel:", badChannel.Value.ErrValue);
        Assert.Single(run.Gateway.Snapshot().Posts);
    }

    [Fact]
    public async Task Stopping_closes_the_gateway_with_1000_and_the_service_stops_with_no_open_socket()
    {
        await using var run = await GatewayBotRun.StartAsync(fixture);
        var sessionId = (await run.ReadyAsync()).Connection(1)!.SessionId!;

        var outcome = await run.Service.StopAsync().WaitAsync(GatewayBotRun.Within);

        Assert.Equal(new ServiceOutcome(ServiceState.Stopped, null, 0), outcome);
        Assert.Equal(
            [(ServiceState.Running, ServiceState.Stopping), (ServiceState.Stopping, ServiceState.Stopped)],
            run.StateChanges.Select(c => (c.From, c.To)));
        var snapshot = await run.WaitForAsync(s => s.Connection(1)!.End is not null);
        Assert.Equal((ConnectionEnd.ClientClosed, 1000), (snapshot.Connection(1)!.End, snapshot.Connection(1)!.ClientCloseCode));
        Assert.False(snapshot.Session(sessionId)!.Resumable); // 1000 ends the session, as stopping means
        Assert.Equal(1, snapshot.ConnectionsOpened);
        Assert.Equal(0, fixture.Host.WebSockets.ConnectionCount); // the host's count: a socket still closing would be in it
        Assert.Equal(PluginCallErrorKind.Unavailable, (await run.Service.InvokeAsync("""{"state":true}""")).Error.Kind);
    }

    /// <summary>The reconnect after the backoff resumes the session on the resume URL, with its id and <paramref name="seq"/>.</summary>
    private static async Task AssertResumedAsync(GatewayBotRun run, string sessionId, long seq)
    {
        var waited = await run.AdvanceUntilAsync(s => (int?)s["reconnects"] == 1, Step, TimeSpan.FromSeconds(1), "reconnected");
        Assert.InRange(waited, TimeSpan.FromMilliseconds(25), TimeSpan.FromMilliseconds(50));
        var connection = (await run.WaitForAsync(s => s.Connection(2) is { IsReady: true } c && c.Sent.Any(f => f.EventName == "RESUMED"))).Connection(2)!;
        Assert.Equal("/resume-gateway", connection.Path);
        Assert.Empty(connection.Identifies);
        var resume = Assert.Single(connection.Resumes);
        Assert.Equal((sessionId, seq, ResumeOutcome.Resumed), (resume.SessionId, resume.Sequence!.Value, resume.Outcome));
        var state = await run.WaitForStateAsync(s => (string?)s["phase"] == "ready", "ready again");
        Assert.Equal((1, 1), ((int?)state["resumes"], (int?)state["identifies"]));
    }

    /// <summary>The reconnect went to the configured gateway and identified: a new session, not <paramref name="oldSession"/>.</summary>
    private async Task AssertIdentifiedAgainAsync(GatewayBotRun run, string oldSession)
    {
        var connection = (await run.WaitForAsync(s => s.Connection(2) is { IsReady: true } c && c.Sent.Any(f => f.EventName == "READY"))).Connection(2)!;
        Assert.Equal("/gateway", connection.Path);
        Assert.Empty(connection.Resumes);
        Assert.Equal(fixture.Token, Assert.Single(connection.Identifies).Token);
        Assert.NotEqual(oldSession, connection.SessionId);
        var state = await run.WaitForStateAsync(s => (string?)s["phase"] == "ready", "ready again");
        Assert.Equal((0, 2, 1L), ((int?)state["resumes"], (int?)state["identifies"], (long?)state["seq"]));
    }
}
