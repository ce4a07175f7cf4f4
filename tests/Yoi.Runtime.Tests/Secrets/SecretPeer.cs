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

namespace Yoi.Runtime.Tests.Secrets;

/// <summary>
/// A loopback Kestrel server that records what reaches it and reflects none of it: HTTP answers
/// "ok"; a WebSocket at any path answers each text message with "ack N" (its length in bytes).
/// So a plugin talking to it can observe nothing of a secret, while the test reads what arrived.
/// </summary>
internal sealed class SecretPeer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SecretPeer(WebApplication app) => _app = app;

    public int Port { get; private set; }

    /// <summary>The Authorization header of each HTTP request and each upgrade, in arrival order ("" when absent).</summary>
    public ConcurrentQueue<string> Authorizations { get; } = new();

    /// <summary>Every text message received on any WebSocket.</summary>
    public ConcurrentQueue<string> Messages { get; } = new();

    /// <summary>Requests and upgrades seen, counted when they arrive (before any answer).</summary>
    public int Requests => Authorizations.Count;

    public string Http(string path) => $"http://127.0.0.1:{Port}{path}";

    public string Ws(string path) => $"ws://127.0.0.1:{Port}{path}";

    public static async Task<SecretPeer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var peer = new SecretPeer(app);
        app.UseWebSockets();
        app.Run(peer.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        peer.Port = new Uri(address).Port;
        return peer;
    }

    private async Task HandleAsync(HttpContext context)
    {
        Authorizations.Enqueue(context.Request.Headers.Authorization.ToString());
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await context.Response.WriteAsync("ok");
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
                return;
            }

            // Messages here are small: one frame each.
            Messages.Enqueue(Encoding.UTF8.GetString(buffer, 0, received.Count));
            await socket.SendAsync(Encoding.UTF8.GetBytes($"ack {received.Count}"), WebSocketMessageType.Text, true, context.RequestAborted);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>Keeps every log line written through it, so tests can scan them for a secret's value.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Lines.Enqueue($"{logLevel}: {formatter(state, exception)} {exception}");
    }
}
