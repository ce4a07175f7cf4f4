using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Yoi.Runtime.Guest.Tests;

/// <summary>
/// Kestrel on 127.0.0.1, port 0: a WebSocket echo at <c>/echo</c> (text and binary, any size up to
/// 1 MiB) and <c>GET /hello</c> answering <c>hello, plugin</c> as text/plain. Counts live WebSockets.
/// For secrets, two endpoints that record what arrives and reflect none of it: <c>GET /hello/secure</c>
/// (records the Authorization header) and a WebSocket at <c>/gateway</c> that records each text
/// message and answers <c>ack N</c> (its length).
/// Started with a TLS setup for its listener, it serves wss and https instead.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    public const string Hello = "hello, plugin";

    private readonly WebApplication _app;
    private int _active;

    private readonly bool _secure;

    private LoopbackServer(WebApplication app, bool secure)
    {
        _app = app;
        _secure = secure;
    }

    public int Port { get; private set; }

    /// <summary>Server-side WebSocket connections still open.</summary>
    public int ActiveWebSockets => Volatile.Read(ref _active);

    public string WebSocketUrl => $"{(_secure ? "wss" : "ws")}://127.0.0.1:{Port}/echo";

    /// <summary>The Authorization header of each <c>GET /hello/secure</c>, in arrival order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> SecureAuthorizations { get; } = new();

    /// <summary>Each text message received at <c>/gateway</c>.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> GatewayMessages { get; } = new();

    public string HelloUrl => $"{(_secure ? "https" : "http")}://127.0.0.1:{Port}/hello";

    /// <param name="useTls">Sets up TLS on the listener (e.g. <c>listen => listen.UseHttps(certificate)</c>); null for plain ws/http.</param>
    public static async Task<LoopbackServer> StartAsync(Action<ListenOptions>? useTls = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0, listen => useTls?.Invoke(listen)));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new LoopbackServer(app, useTls is not null);
        app.UseWebSockets();
        app.MapGet("/hello", () => Results.Text(Hello, "text/plain"));
        app.Map("/echo", server.EchoAsync);
        app.MapGet("/hello/secure", (HttpContext context) =>
        {
            server.SecureAuthorizations.Enqueue(context.Request.Headers.Authorization.ToString());
            return Results.Text(Hello, "text/plain");
        });
        app.Map("/gateway", server.GatewayAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Port = new Uri(address).Port;
        return server;
    }

    private async Task EchoAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        Interlocked.Increment(ref _active);
        try
        {
            var buffer = new byte[1024 * 1024];
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer.AsMemory(), context.RequestAborted);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    if (socket.State == WebSocketState.CloseReceived)
                    {
                        await socket.CloseOutputAsync(socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, "", context.RequestAborted);
                    }

                    return;
                }

                var length = received.Count;
                while (!received.EndOfMessage && length < buffer.Length)
                {
                    received = await socket.ReceiveAsync(buffer.AsMemory(length), context.RequestAborted);
                    length += received.Count;
                }

                await socket.SendAsync(buffer.AsMemory(0, length), received.MessageType, true, context.RequestAborted);
            }
        }
        catch (Exception error) when (error is WebSocketException or OperationCanceledException or IOException)
        {
        }
        finally
        {
            Interlocked.Decrement(ref _active);
        }
    }

    private async Task GatewayAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer.AsMemory(), context.RequestAborted);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", context.RequestAborted);
                    return;
                }

                GatewayMessages.Enqueue(System.Text.Encoding.UTF8.GetString(buffer, 0, received.Count));
                await socket.SendAsync(System.Text.Encoding.UTF8.GetBytes($"ack {received.Count}"), WebSocketMessageType.Text, true, context.RequestAborted);
            }
        }
        catch (Exception error) when (error is WebSocketException or OperationCanceledException or IOException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        await _app.StopAsync(stopping.Token);
        await _app.DisposeAsync();
    }
}
