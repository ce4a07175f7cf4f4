using System.Net;
using System.Net.WebSockets;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Yoi.Wit.Benchmarks;

/// <summary>
/// Kestrel on 127.0.0.1 with a WebSocket endpoint <c>/push</c> whose server side the benchmark drives:
/// each accepted socket is handed out through <see cref="AcceptAsync"/>, so a benchmark can make the
/// peer send a message at a moment of its choosing and time how long it takes to reach a client.
/// </summary>
internal sealed class PushPeer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Channel<WebSocket> _accepted = Channel.CreateUnbounded<WebSocket>();
    private readonly CancellationTokenSource _stop = new();

    private PushPeer(WebApplication app) => _app = app;

    public int Port { get; private set; }

    public string Url => $"ws://127.0.0.1:{Port}/push";

    public static async Task<PushPeer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var peer = new PushPeer(app);
        app.UseWebSockets();
        app.Map("/push", async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = 400;
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await peer._accepted.Writer.WriteAsync(socket);

            // Keep the request alive (and read, so closes complete) until the peer stops.
            var buffer = new byte[1024];
            try
            {
                while (socket.State == WebSocketState.Open)
                {
                    var received = await socket.ReceiveAsync(buffer, peer._stop.Token);
                    if (received.MessageType == WebSocketMessageType.Close)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
                    }
                }
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException)
            {
            }
        });
        await app.StartAsync();
        peer.Port = new Uri(app.Urls.First()).Port;
        return peer;
    }

    /// <summary>The server side of the next connection made to <see cref="Url"/>.</summary>
    public async Task<WebSocket> AcceptAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        return await _accepted.Reader.ReadAsync(deadline.Token);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _stop.Dispose();
    }
}
