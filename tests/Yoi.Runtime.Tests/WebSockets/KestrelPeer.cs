using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yoi.Runtime.Tests.Tls;

namespace Yoi.Runtime.Tests.WebSockets;

/// <summary>
/// A well-behaved WebSocket server on 127.0.0.1, port 0 (Kestrel). Endpoints:
/// /echo echoes; /push?n=N&amp;size=S sends N numbered text messages then echoes;
/// /close closes with 4000 "bye"; /big?size=S sends one binary message of S bytes then echoes;
/// /header?name=X sends back the value of request header X. Counts live server-side connections and
/// records the close status each one received. <see cref="Accepted"/> counts an upgrade before the server
/// answers it, so it is exact once the client has seen the 101; <see cref="Active"/> lags the client and is
/// only ever waited for. Given a <see cref="ServerCertificate"/>, it serves wss.
/// </summary>
internal sealed class KestrelPeer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _active;
    private int _accepted;

    private KestrelPeer(WebApplication app, bool secure)
    {
        _app = app;
        Scheme = secure ? "wss" : "ws";
    }

    public string Scheme { get; }

    public int Port { get; private set; }

    /// <summary>Server-side WebSocket connections still open.</summary>
    public int Active => Volatile.Read(ref _active);

    /// <summary>Upgrade requests that reached the server, counted before it answers them.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Close statuses the server received from clients.</summary>
    public ConcurrentQueue<WebSocketCloseStatus?> ClosesReceived { get; } = new();

    /// <summary>Number of push messages the server managed to send so far.</summary>
    public int Pushed;

    public string Url(string path, string host = "127.0.0.1") => $"{Scheme}://{host}:{Port}{path}";

    public static async Task<KestrelPeer> StartAsync(ServerCertificate? tls = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0, listen => tls?.Use(listen)));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var peer = new KestrelPeer(app, tls is not null);
        app.UseWebSockets();
        app.Run(peer.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        peer.Port = new Uri(address).Port;
        return peer;
    }

    private async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        // Counted before the 101 goes out: a client that saw the 101 is already counted.
        Interlocked.Increment(ref _accepted);
        var requested = context.WebSockets.WebSocketRequestedProtocols;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(requested.Count > 0 ? requested[0] : null);
        Interlocked.Increment(ref _active);
        try
        {
            var query = context.Request.Query;
            switch (context.Request.Path.Value)
            {
                case "/push":
                    var count = int.Parse(query["n"]!);
                    var size = int.Parse(query["size"]!);
                    for (var i = 0; i < count; i++)
                    {
                        var text = i.ToString("D6").PadRight(size, 'x');
                        await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, context.RequestAborted);
                        Interlocked.Increment(ref Pushed);
                    }

                    break;
                case "/close":
                    await socket.CloseOutputAsync((WebSocketCloseStatus)4000, "bye", context.RequestAborted);
                    break;
                case "/big":
                    await socket.SendAsync(new byte[int.Parse(query["size"]!)], WebSocketMessageType.Binary, true, context.RequestAborted);
                    break;
                case "/header":
                    var value = context.Request.Headers[query["name"].ToString()].ToString();
                    await socket.SendAsync(Encoding.UTF8.GetBytes(value), WebSocketMessageType.Text, true, context.RequestAborted);
                    break;
            }

            await EchoAsync(socket, context.RequestAborted);
        }
        catch (Exception error) when (error is WebSocketException or OperationCanceledException or IOException)
        {
        }
        finally
        {
            Interlocked.Decrement(ref _active);
        }
    }

    private async Task EchoAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[256 * 1024];
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer.AsMemory(), cancellationToken);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                ClosesReceived.Enqueue(socket.CloseStatus);
                if (socket.State == WebSocketState.CloseReceived)
                {
                    await socket.CloseOutputAsync(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, "", cancellationToken);
                }

                return;
            }

            var length = received.Count;
            while (!received.EndOfMessage)
            {
                received = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken);
                length += received.Count;
            }

            await socket.SendAsync(buffer.AsMemory(0, length), received.MessageType, true, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
    }
}
