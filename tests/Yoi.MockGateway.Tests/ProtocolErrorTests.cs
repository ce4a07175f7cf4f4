using System.Net.WebSockets;
using System.Text.Json.Nodes;

namespace Yoi.Mocks.Discord.Tests;

/// <summary>A misbehaving client: each mistake closes the connection with its documented code and reason.</summary>
public sealed class ProtocolErrorTests
{
    private static readonly MockGatewayOptions Options = new() { HeartbeatInterval = TimeSpan.FromMilliseconds(250) };

    /// <summary>The client gets a close with <paramref name="code"/> and the documented reason; the server records it and the client's answer.</summary>
    internal static async Task AssertClosedWithAsync(MockGateway gateway, TestClient client, int code)
    {
        var (received, reason) = await client.ReceiveCloseAsync();
        Assert.Equal(code, received);
        Assert.Equal(GatewayCloseCode.Reason(code), reason);
        var connection = (await gateway.WaitForAsync(snapshot => snapshot.Latest?.End is not null, TestClient.Within)).Latest!;
        Assert.Equal(ConnectionEnd.ServerClosed, connection.End);
        Assert.Equal(code, connection.ServerCloseCode);
        Assert.Equal(code, connection.ClientCloseCode);
    }

    private static async Task<TestClient> HelloedAsync(MockGateway gateway)
    {
        var client = await TestClient.ConnectAsync(gateway.GatewayUrl);
        await client.ReceiveOpAsync(GatewayOpcode.Hello);
        return client;
    }

    [Fact]
    public async Task Identify_with_a_wrong_token_closes_with_4004()
    {
        await using var gateway = await MockGateway.StartAsync(Options);
        await using var client = await HelloedAsync(gateway);
        await client.SendAsync(TestClient.Identify("wrong"));
        await AssertClosedWithAsync(gateway, client, GatewayCloseCode.AuthenticationFailed);
        Assert.Equal("wrong", Assert.Single(gateway.Snapshot().Latest!.Identifies).Token);
        Assert.Empty(gateway.Snapshot().Sessions);
    }

    [Theory]
    [InlineData("""{"op":3,"d":{"status":"online","since":null,"activities":[],"afk":false}}""", GatewayCloseCode.NotAuthenticated)]
    [InlineData("""{"op":42,"d":null}""", GatewayCloseCode.NotAuthenticated)]
    [InlineData("{nope", GatewayCloseCode.DecodeError)]
    [InlineData("""{"d":null}""", GatewayCloseCode.DecodeError)]
    [InlineData("[1]", GatewayCloseCode.DecodeError)]
    [InlineData("""{"op":1,"d":"one"}""", GatewayCloseCode.DecodeError)]
    [InlineData("""{"op":2,"d":"token"}""", GatewayCloseCode.DecodeError)]
    public async Task A_bad_payload_before_identify_closes_with_its_code(string text, int code)
    {
        await using var gateway = await MockGateway.StartAsync(Options);
        await using var client = await HelloedAsync(gateway);
        await client.SendTextAsync(text);
        await AssertClosedWithAsync(gateway, client, code);
        Assert.Equal(text, Assert.Single(gateway.Snapshot().Latest!.Received).Text);
    }

    [Theory]
    [InlineData("""{"op":42,"d":null}""", GatewayCloseCode.UnknownOpcode)]
    [InlineData("""{"op":11,"d":null}""", GatewayCloseCode.UnknownOpcode)]
    [InlineData("""{"op":2,"d":{"token":"mock-token","intents":1,"properties":{}}}""", GatewayCloseCode.AlreadyAuthenticated)]
    [InlineData("""{"op":6,"d":{"token":"mock-token","session_id":"x","seq":1}}""", GatewayCloseCode.AlreadyAuthenticated)]
    public async Task A_bad_payload_after_identify_closes_with_its_code(string text, int code)
    {
        await using var gateway = await MockGateway.StartAsync(Options);
        var (client, _) = await TestClient.IdentifiedAsync(gateway);
        await using var _ = client;

        // A documented client opcode after identifying is taken (and recorded) quietly.
        await client.SendTextAsync("""{"op":3,"d":{"status":"idle","since":null,"activities":[],"afk":false}}""");
        await client.SendTextAsync(text);
        await AssertClosedWithAsync(gateway, client, code);
        Assert.Equal([GatewayOpcode.Identify, GatewayOpcode.PresenceUpdate, (int)JsonNode.Parse(text)!["op"]!], gateway.Snapshot().Latest!.Received.Select(frame => frame.Op!.Value));
    }

    [Theory]
    [InlineData(null, GatewayCloseCode.InvalidIntents)]
    [InlineData(-1L, GatewayCloseCode.InvalidIntents)]
    [InlineData(1L << 40, GatewayCloseCode.InvalidIntents)]
    [InlineData(1L << 15, GatewayCloseCode.DisallowedIntents)]
    public async Task Identify_with_missing_invalid_or_disallowed_intents_closes(long? intents, int code)
    {
        await using var gateway = await MockGateway.StartAsync(Options with { DisallowedIntents = 1L << 15 });
        await using var client = await HelloedAsync(gateway);
        await client.SendAsync(TestClient.Identify(gateway.Options.Token, intents));
        await AssertClosedWithAsync(gateway, client, code);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_binary_frame_or_one_over_4096_bytes_closes_with_4002(bool binary)
    {
        await using var gateway = await MockGateway.StartAsync(Options);
        await using var client = await HelloedAsync(gateway);
        var heartbeat = TestClient.Heartbeat(null);
        if (binary)
        {
            await client.SendBinaryAsync(System.Text.Encoding.UTF8.GetBytes(heartbeat.ToJsonString()));
        }
        else
        {
            heartbeat["padding"] = new string('x', 4096);
            await client.SendAsync(heartbeat);
        }

        await AssertClosedWithAsync(gateway, client, GatewayCloseCode.DecodeError);
        Assert.Null(Assert.Single(gateway.Snapshot().Latest!.Received).Op);
    }

    [Fact]
    public async Task A_gateway_version_other_than_10_closes_with_4012_before_hello()
    {
        await using var gateway = await MockGateway.StartAsync(Options);
        await using var client = await TestClient.ConnectAsync(gateway.GatewayUrl + "?v=9&encoding=json");
        await AssertClosedWithAsync(gateway, client, GatewayCloseCode.InvalidApiVersion);
        Assert.Empty(gateway.Snapshot().Latest!.Sent);
    }

    [Theory]
    [InlineData("?v=10&encoding=etf")]
    [InlineData("?v=10&encoding=json&compress=zlib-stream")]
    public async Task Etf_and_compression_are_refused_before_the_upgrade(string query)
    {
        await using var gateway = await MockGateway.StartAsync(Options);
        await Assert.ThrowsAsync<WebSocketException>(() => TestClient.ConnectAsync(gateway.GatewayUrl + query));
        Assert.Equal(0, gateway.Snapshot().ConnectionsOpened);
    }
}
