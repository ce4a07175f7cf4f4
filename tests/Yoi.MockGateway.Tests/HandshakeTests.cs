using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;

namespace Yoi.Mocks.Discord.Tests;

/// <summary>A well-behaved client: Hello, Identify → READY, Heartbeat → ACK, and the hostile no-ACK and Hello-delay options.</summary>
public sealed class HandshakeTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task Hello_comes_first_and_identify_gets_READY_with_a_fresh_session()
    {
        await using var gateway = await MockGateway.StartAsync(new() { HeartbeatInterval = Interval, BotUserId = "42", BotUsername = "bot" });
        await using var client = await TestClient.ConnectAsync(gateway.GatewayUrl + "?v=10&encoding=json");

        var hello = await client.ReceiveOpAsync(GatewayOpcode.Hello);
        Assert.Equal(250, (long?)hello["d"]!["heartbeat_interval"]);
        Assert.Null(hello["s"]);
        Assert.Null(hello["t"]);

        await client.SendAsync(TestClient.Identify(gateway.Options.Token, intents: 513));
        var ready = await client.ReceiveOpAsync(GatewayOpcode.Dispatch);
        Assert.Equal("READY", (string?)ready["t"]);
        Assert.Equal(1, (long?)ready["s"]);
        var data = ready["d"]!;
        Assert.Equal(10, (int?)data["v"]);
        Assert.Equal("42", (string?)data["user"]!["id"]);
        Assert.Equal("bot", (string?)data["user"]!["username"]);
        Assert.True((bool?)data["user"]!["bot"]);
        var sessionId = (string?)data["session_id"];
        Assert.Matches("^[0-9a-f]{32}$", sessionId);
        Assert.Equal(gateway.ResumeUrl, (string?)data["resume_gateway_url"]);
        Assert.Empty(data["guilds"]!.AsArray());

        var snapshot = gateway.Snapshot();
        var connection = Assert.Single(snapshot.Connections);
        Assert.Equal("/gateway", connection.Path);
        Assert.Equal("?v=10&encoding=json", connection.Query);
        Assert.True(connection.IsReady);
        Assert.Equal(sessionId, connection.SessionId);
        var identify = Assert.Single(connection.Identifies);
        Assert.Equal(gateway.Options.Token, identify.Token);
        Assert.Equal(513, identify.Intents);
        Assert.Equal("linux", (string?)identify.Data["properties"]!["os"]);
        Assert.Equal([GatewayOpcode.Hello, GatewayOpcode.Dispatch], connection.Sent.Select(frame => frame.Op));
        Assert.Equal(new SessionRecord(sessionId!, 1, true, 1), Assert.Single(snapshot.Sessions));

        // Another connection's identify makes another session.
        var (other, otherReady) = await TestClient.IdentifiedAsync(gateway);
        await using var _ = other;
        Assert.NotEqual(sessionId, (string?)otherReady["d"]!["session_id"]);
        Assert.Equal(2, gateway.Snapshot().ConnectionsOpened);
    }

    [Fact]
    public async Task Heartbeats_are_acknowledged_and_recorded_with_their_time_and_sequence()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var gateway = await MockGateway.StartAsync(new() { HeartbeatInterval = Interval, TimeProvider = time });
        await using var client = await TestClient.ConnectAsync(gateway.GatewayUrl);
        await client.ReceiveOpAsync(GatewayOpcode.Hello);
        var start = time.GetUtcNow();

        // Before Identify a heartbeat is allowed, with d null.
        await client.SendAsync(TestClient.Heartbeat(null));
        var ack = await client.ReceiveOpAsync(GatewayOpcode.HeartbeatAck);
        Assert.Null(ack["d"]);

        time.Advance(Interval);
        await client.SendAsync(TestClient.Identify(gateway.Options.Token));
        await client.ReceiveOpAsync(GatewayOpcode.Dispatch);
        await client.SendAsync(TestClient.Heartbeat(1));
        await client.ReceiveOpAsync(GatewayOpcode.HeartbeatAck);

        var connection = gateway.Snapshot().Connection(1)!;
        Assert.Equal(
            [new HeartbeatRecord(start, null, null), new HeartbeatRecord(start + Interval, 1, 1)],
            connection.Heartbeats);
        Assert.Equal([start, start + Interval, start + Interval], connection.Received.Select(frame => frame.Time));
    }

    [Fact]
    public async Task Without_acks_a_heartbeat_is_recorded_and_left_unanswered()
    {
        await using var gateway = await MockGateway.StartAsync(new() { HeartbeatInterval = Interval, AcknowledgeHeartbeats = false });
        await using var client = await TestClient.ConnectAsync(gateway.GatewayUrl);
        await client.ReceiveOpAsync(GatewayOpcode.Hello);

        await client.SendAsync(TestClient.Heartbeat(null));
        await gateway.WaitForAsync(snapshot => snapshot.Connection(1)?.Heartbeats.Count == 1, TestClient.Within);

        // Acks back on: the next heartbeat's ack is the only one ever sent.
        gateway.AcknowledgeHeartbeats = true;
        await client.SendAsync(TestClient.Heartbeat(null));
        await client.ReceiveOpAsync(GatewayOpcode.HeartbeatAck);
        var connection = gateway.Snapshot().Connection(1)!;
        Assert.Equal(2, connection.Heartbeats.Count);
        Assert.Equal([GatewayOpcode.Hello, GatewayOpcode.HeartbeatAck], connection.Sent.Select(frame => frame.Op));
    }

    [Fact]
    public async Task A_server_heartbeat_request_reaches_the_client()
    {
        await using var gateway = await MockGateway.StartAsync(new() { HeartbeatInterval = Interval });
        var (client, _) = await TestClient.IdentifiedAsync(gateway);
        await using var _ = client;

        await gateway.RequestHeartbeatAsync();
        var request = await client.ReceiveOpAsync(GatewayOpcode.Heartbeat);
        Assert.Null(request["d"]);
        await client.SendAsync(TestClient.Heartbeat(1));
        await client.ReceiveOpAsync(GatewayOpcode.HeartbeatAck);
        Assert.Equal(1, Assert.Single(gateway.Snapshot().Connection(1)!.Heartbeats).Sequence);
    }

    [Fact]
    public async Task Hello_waits_for_the_delay_on_the_given_clock()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var delay = TimeSpan.FromSeconds(3);
        await using var gateway = await MockGateway.StartAsync(new() { HeartbeatInterval = Interval, HelloDelay = delay, TimeProvider = time });
        await using var client = await TestClient.ConnectAsync(gateway.GatewayUrl);

        var waiting = (await gateway.WaitForAsync(snapshot => snapshot.Latest?.HelloDelayStartedAt is not null, TestClient.Within)).Latest!;
        Assert.Null(waiting.HelloSentAt);
        time.Advance(delay);
        await client.ReceiveOpAsync(GatewayOpcode.Hello);
        var connection = gateway.Snapshot().Connection(1)!;
        Assert.Equal(connection.OpenedAt + delay, connection.HelloSentAt);
    }

    [Fact]
    public async Task A_dispatch_before_any_identify_is_a_bug_in_the_script()
    {
        await using var gateway = await MockGateway.StartAsync(new() { HeartbeatInterval = Interval });
        await Assert.ThrowsAsync<InvalidOperationException>(() => gateway.DispatchAsync("MESSAGE_CREATE", new JsonObject()));
        await Assert.ThrowsAsync<InvalidOperationException>(gateway.ReconnectAsync);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => gateway.CloseAsync(3000));
    }

    [Fact]
    public async Task WaitFor_gives_up_with_the_log_when_the_condition_never_holds()
    {
        await using var gateway = await MockGateway.StartAsync(new() { HeartbeatInterval = Interval });
        var error = await Assert.ThrowsAsync<TimeoutException>(
            () => gateway.WaitForAsync(snapshot => snapshot.ConnectionsOpened > 0, TimeSpan.FromMilliseconds(50)));
        Assert.Contains("listening: gateway " + gateway.GatewayUrl, error.Message);
    }
}
