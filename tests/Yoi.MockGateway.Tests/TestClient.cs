using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Yoi.Mocks.Discord.Tests;

/// <summary>
/// A raw BCL <see cref="ClientWebSocket"/> speaking the gateway protocol by hand, well or badly. Every
/// receive is bounded by <see cref="Within"/> (a safety net: the frames it waits for come at once).
/// </summary>
internal sealed class TestClient : IAsyncDisposable
{
    public static readonly TimeSpan Within = TimeSpan.FromSeconds(5);

    private readonly ClientWebSocket _socket;

    private TestClient(ClientWebSocket socket) => _socket = socket;

    public WebSocketState State => _socket.State;

    public static async Task<TestClient> ConnectAsync(string url)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        using var timeout = new CancellationTokenSource(Within);
        await socket.ConnectAsync(new Uri(url), timeout.Token);
        return new TestClient(socket);
    }

    /// <summary>Connects, reads Hello, identifies with <paramref name="token"/> and reads READY; returns READY.</summary>
    public static async Task<(TestClient Client, JsonObject Ready)> IdentifiedAsync(MockGateway gateway)
    {
        var client = await ConnectAsync(gateway.GatewayUrl + "?v=10&encoding=json");
        await client.ReceiveOpAsync(GatewayOpcode.Hello);
        await client.SendAsync(Identify(gateway.Options.Token));
        var ready = await client.ReceiveOpAsync(GatewayOpcode.Dispatch);
        Assert.Equal("READY", (string?)ready["t"]);
        return (client, ready);
    }

    public static JsonObject Identify(string token, long? intents = 513) => new()
    {
        ["op"] = GatewayOpcode.Identify,
        ["d"] = new JsonObject
        {
            ["token"] = token,
            ["intents"] = intents,
            ["properties"] = new JsonObject { ["os"] = "linux", ["browser"] = "test", ["device"] = "test" },
        },
    };

    public static JsonObject Heartbeat(long? sequence) => new() { ["op"] = GatewayOpcode.Heartbeat, ["d"] = sequence };

    public static JsonObject Resume(string token, string sessionId, long? sequence) => new()
    {
        ["op"] = GatewayOpcode.Resume,
        ["d"] = new JsonObject { ["token"] = token, ["session_id"] = sessionId, ["seq"] = sequence },
    };

    public Task SendAsync(JsonObject payload) => SendTextAsync(payload.ToJsonString());

    public async Task SendTextAsync(string text)
    {
        using var timeout = new CancellationTokenSource(Within);
        await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, timeout.Token);
    }

    public async Task SendBinaryAsync(byte[] bytes)
    {
        using var timeout = new CancellationTokenSource(Within);
        await _socket.SendAsync(bytes, WebSocketMessageType.Binary, true, timeout.Token);
    }

    /// <summary>The next frame, which must be a text frame with a JSON object.</summary>
    public async Task<JsonObject> ReceiveAsync()
    {
        var (type, text) = await ReceiveFrameAsync();
        Assert.True(type == WebSocketMessageType.Text, $"expected a text frame, got {type} ({_socket.CloseStatus} {_socket.CloseStatusDescription})");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>The next frame, which must have opcode <paramref name="op"/>.</summary>
    public async Task<JsonObject> ReceiveOpAsync(int op)
    {
        var frame = await ReceiveAsync();
        Assert.True((int?)frame["op"] == op, $"expected op {op}, got {frame.ToJsonString()}");
        return frame;
    }

    /// <summary>The next frame, which must be a close frame; answers it and returns its code and reason.</summary>
    public async Task<(int? Code, string? Reason)> ReceiveCloseAsync()
    {
        var (type, text) = await ReceiveFrameAsync();
        Assert.True(type == WebSocketMessageType.Close, $"expected a close frame, got {type}: {text}");
        var code = (int?)_socket.CloseStatus;
        var reason = _socket.CloseStatusDescription;
        using var timeout = new CancellationTokenSource(Within);
        await _socket.CloseOutputAsync(_socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, reason, timeout.Token);
        return (code, reason);
    }

    /// <summary>Closes with <paramref name="code"/> and waits for the server's answer.</summary>
    public async Task CloseAsync(int code)
    {
        using var timeout = new CancellationTokenSource(Within);
        await _socket.CloseAsync((WebSocketCloseStatus)code, "client closing", timeout.Token);
    }

    /// <summary>Drops the connection without a close frame.</summary>
    public void Abort() => _socket.Abort();

    private async Task<(WebSocketMessageType Type, string Text)> ReceiveFrameAsync()
    {
        using var timeout = new CancellationTokenSource(Within);
        var buffer = new byte[64 * 1024];
        var length = 0;
        ValueWebSocketReceiveResult received;
        do
        {
            received = await _socket.ReceiveAsync(buffer.AsMemory(length), timeout.Token);
            length += received.Count;
        }
        while (!received.EndOfMessage);

        return (received.MessageType, Encoding.UTF8.GetString(buffer, 0, length));
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
