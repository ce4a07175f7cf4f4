using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Yoi.Examples.EchoDemo;

/// <summary>
/// A loopback peer for the demo: a WebSocket echo at <c>/echo</c> and <c>GET /hello</c>, on
/// 127.0.0.1 and a port the OS picks. It prints every message it echoes, so the exchange is visible
/// from both sides. For the secrets step, <c>/gateway</c> (a WebSocket that answers each text message
/// with <c>ack N</c>, never reflecting it) and <c>GET /hello/secure</c> print what arrived, so the
/// demo shows the server side of a secret the plugin never sees.
/// </summary>
internal sealed class EchoServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EchoServer(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<EchoServer> StartAsync(TextWriter log)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.UseWebSockets();
        app.Map("/echo", async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await EchoAsync(socket, log, context.RequestAborted);
        });
        app.MapGet("/hello", () => "hello from the loopback server");
        app.MapGet("/hello/secure", (HttpContext context) =>
        {
            log.WriteLine($"  server: GET /hello/secure with Authorization: {context.Request.Headers.Authorization}");
            return "hello, authenticated plugin";
        });
        app.Map("/gateway", async context =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await AcknowledgeAsync(socket, log, context.RequestAborted);
        });
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new EchoServer(app, new Uri(address));
    }

    private static async Task EchoAsync(WebSocket socket, TextWriter log, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, cancellationToken);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                log.WriteLine($"  server: close {(int?)received.CloseStatus} \"{received.CloseStatusDescription}\"");
                await socket.CloseOutputAsync(received.CloseStatus ?? WebSocketCloseStatus.NormalClosure, received.CloseStatusDescription, cancellationToken);
                return;
            }

            // The demo's messages fit in one frame; a longer message would be echoed frame by frame.
            log.WriteLine($"  server: echo {received.MessageType.ToString().ToLowerInvariant()} ({received.Count} bytes)");
            await socket.SendAsync(buffer.AsMemory(0, received.Count), received.MessageType, received.EndOfMessage, cancellationToken);
        }
    }

    private static async Task AcknowledgeAsync(WebSocket socket, TextWriter log, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, cancellationToken);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", cancellationToken);
                return;
            }

            log.WriteLine($"  server: /gateway received {System.Text.Encoding.UTF8.GetString(buffer, 0, received.Count)}");
            await socket.SendAsync(System.Text.Encoding.UTF8.GetBytes($"ack {received.Count}"), WebSocketMessageType.Text, true, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
