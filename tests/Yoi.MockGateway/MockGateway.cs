using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Yoi.Mocks.Discord;

/// <summary>
/// A loopback mock of the Discord gateway (v10, JSON text frames) and of the REST route that posts a
/// message, on Kestrel at 127.0.0.1 (a free port). Each connection runs the gateway handshake (Hello,
/// Heartbeat/ACK, Identify → READY, Resume → replay + RESUMED) and closes with the documented code on a
/// protocol error; scripts can dispatch events and misbehave (reconnect, invalidate, close, drop) at any
/// time; everything is recorded in an immutable <see cref="MockGatewaySnapshot"/> that
/// <see cref="WaitForAsync"/> waits on. README.md lists the behaviours.
/// </summary>
public sealed class MockGateway : IAsyncDisposable
{
    private const string GatewayPath = "/gateway";
    private const string ResumePath = "/resume-gateway";
    private const string RestPrefix = "/api/v10";

    private readonly Lock _lock = new();
    private readonly List<GatewayConnection> _open = [];
    private readonly List<GatewaySession> _sessions = [];
    private readonly Recorder _recorder;
    private readonly Snowflakes _snowflakes;
    private readonly RestApi _rest;
    private WebApplication? _app;
    private volatile bool _acknowledgeHeartbeats;
    private bool _stopping;

    private MockGateway(MockGatewayOptions options)
    {
        Options = options;
        _acknowledgeHeartbeats = options.AcknowledgeHeartbeats;
        _recorder = new Recorder(options.TimeProvider, options.Log, options.HistoryLimit);
        _snowflakes = new Snowflakes(options.TimeProvider);
        _rest = new RestApi(this, _recorder);
    }

    /// <summary>The options the mock was started with.</summary>
    public MockGatewayOptions Options { get; }

    /// <summary>The port it listens on (127.0.0.1).</summary>
    public int Port { get; private set; }

    /// <summary>The gateway to connect to: <c>ws://127.0.0.1:PORT/gateway</c> (a query such as <c>?v=10&amp;encoding=json</c> may be added).</summary>
    public string GatewayUrl => $"ws://127.0.0.1:{Port}{GatewayPath}";

    /// <summary>The URL READY gives as <c>resume_gateway_url</c>: <c>ws://127.0.0.1:PORT/resume-gateway</c>. It serves the same gateway.</summary>
    public string ResumeUrl => $"ws://127.0.0.1:{Port}{ResumePath}";

    /// <summary>The REST API base: <c>http://127.0.0.1:PORT/api/v10</c>.</summary>
    public string RestBaseUrl => $"http://127.0.0.1:{Port}{RestPrefix}";

    /// <summary>
    /// A grants file entry giving a bot plugin exactly what it needs against this mock, on this port
    /// only: the gateway and resume paths, POSTs to the message route, and its secret
    /// <c>discord-token</c> (read from <paramref name="tokenFile"/>) allowed to those same places.
    /// </summary>
    /// <param name="id">The plugin id.</param>
    /// <param name="version">The plugin version.</param>
    /// <param name="digest">The component digest the grant is bound to (<c>sha256:...</c>).</param>
    /// <param name="tokenFile">The secret's file, absolute or relative to the grants file.</param>
    public string BotGrants(string id, string version, string digest, string tokenFile) => $"""
        [[plugin]]
        id = "{id}"
        version = "{version}"
        digest = "{digest}"
        host_api = ["websocket", "request"]

        [[plugin.websocket]]
        scheme = "ws"
        host = "127.0.0.1"
        port = {Port}
        path_prefixes = ["/gateway", "/resume-gateway"]

        [[plugin.request]]
        scheme = "http"
        host = "127.0.0.1"
        port = {Port}
        path_prefixes = ["/api/v10/channels"]
        methods = ["POST"]

        [[plugin.secret]]
        name = "discord-token"
        file = "{tokenFile}"

        [[plugin.secret.websocket]]
        scheme = "ws"
        host = "127.0.0.1"
        port = {Port}
        path_prefixes = ["/gateway", "/resume-gateway"]

        [[plugin.secret.request]]
        scheme = "http"
        host = "127.0.0.1"
        port = {Port}
        path_prefixes = ["/api/v10/channels"]
        methods = ["POST"]
        """;

    /// <summary>Whether heartbeats are answered with op 11; false makes every connection a zombie from now on.</summary>
    public bool AcknowledgeHeartbeats
    {
        get => _acknowledgeHeartbeats;
        set => _acknowledgeHeartbeats = value;
    }

    /// <summary>Starts a mock on 127.0.0.1, port 0.</summary>
    public static async Task<MockGateway> StartAsync(MockGatewayOptions? options = null, CancellationToken cancellationToken = default)
    {
        var gateway = new MockGateway(options ?? new MockGatewayOptions());
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var app = builder.Build();
        app.UseWebSockets();
        app.Run(gateway.HandleAsync);
        await app.StartAsync(cancellationToken);
        gateway._app = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        gateway.Port = new Uri(address).Port;
        gateway._recorder.Log($"listening: gateway {gateway.GatewayUrl}, REST {gateway.RestBaseUrl}");
        return gateway;
    }

    /// <summary>Everything recorded so far.</summary>
    public MockGatewaySnapshot Snapshot() => _recorder.Snapshot;

    /// <summary>
    /// Waits until <paramref name="condition"/> holds for the recorded state, re-checking it on every change
    /// (no polling); returns the snapshot it held for. Throws <see cref="TimeoutException"/> (with the last
    /// log lines) when it does not within <paramref name="timeout"/> of real time.
    /// </summary>
    public async Task<MockGatewaySnapshot> WaitForAsync(Func<MockGatewaySnapshot, bool> condition, TimeSpan timeout)
    {
        using var expiry = new CancellationTokenSource(timeout);
        while (true)
        {
            var (snapshot, changed) = _recorder.Observe();
            if (condition(snapshot))
            {
                return snapshot;
            }

            try
            {
                await changed.WaitAsync(expiry.Token);
            }
            catch (OperationCanceledException) when (expiry.IsCancellationRequested)
            {
                var log = string.Join('\n', _recorder.Snapshot.Log.TakeLast(30));
                throw new TimeoutException($"The mock gateway's condition did not hold within {timeout.TotalSeconds:0.###} s. Last log lines:\n{log}");
            }
        }
    }

    /// <summary>
    /// Dispatches an event (op 0, <c>t</c> = <paramref name="eventName"/>, the session's next <c>s</c>) on the
    /// newest session that can still be resumed. Sent at once when a connection is attached; otherwise
    /// buffered, and replayed by the next Resume. Returns its sequence number. Throws
    /// <see cref="InvalidOperationException"/> when no client has identified yet.
    /// </summary>
    public Task<long> DispatchAsync(string eventName, JsonNode? data) => CurrentSession().DispatchAsync(eventName, data);

    /// <summary>
    /// Dispatches MESSAGE_CREATE for a message (fresh snowflake <c>id</c>, <c>channel_id</c>, <c>content</c>,
    /// <c>author</c> {id, username, bot}, <c>timestamp</c>, <c>guild_id</c> when given). Returns its sequence number.
    /// </summary>
    public Task<long> DispatchMessageCreateAsync(
        string channelId,
        string content,
        string authorId = "1200000000000000001",
        string authorUsername = "someone",
        bool authorIsBot = false,
        string? guildId = null)
    {
        var message = MessageObject(channelId, content, new JsonObject
        {
            ["id"] = authorId,
            ["username"] = authorUsername,
            ["discriminator"] = "0",
            ["global_name"] = null,
            ["avatar"] = null,
            ["bot"] = authorIsBot,
        });
        if (guildId is not null)
        {
            message["guild_id"] = guildId;
        }

        return DispatchAsync("MESSAGE_CREATE", message);
    }

    /// <summary>Sends op 1 on the newest open connection: the client must heartbeat at once.</summary>
    public Task RequestHeartbeatAsync() => CurrentConnection().SendAsync(Frames.HeartbeatRequest(), GatewayOpcode.Heartbeat);

    /// <summary>Sends Reconnect (op 7) on the newest open connection; the connection stays open until the client closes it.</summary>
    public Task ReconnectAsync() => CurrentConnection().SendAsync(Frames.Reconnect(), GatewayOpcode.Reconnect);

    /// <summary>
    /// Sends Invalid Session (op 9, <c>d</c> = <paramref name="resumable"/>) on the newest open connection and
    /// detaches its session (ended unless <paramref name="resumable"/>). The connection stays open and takes a
    /// new Identify or Resume.
    /// </summary>
    public Task InvalidateSessionAsync(bool resumable) => CurrentConnection().InvalidateSessionAsync(resumable);

    /// <summary>
    /// Closes the newest open connection with <paramref name="code"/> (1000, 1001 or 4000–4014) and
    /// <paramref name="reason"/> (by default the documented one). The codes of
    /// <see cref="GatewayCloseCode.EndsSession"/> also end its session.
    /// </summary>
    public Task CloseAsync(int code, string? reason = null)
    {
        if (code is not (GatewayCloseCode.Normal or GatewayCloseCode.GoingAway or (>= 4000 and <= GatewayCloseCode.DisallowedIntents)))
        {
            throw new ArgumentOutOfRangeException(nameof(code), code, "a gateway close is 1000, 1001 or 4000-4014");
        }

        return CurrentConnection().CloseAsync(code, reason ?? GatewayCloseCode.Reason(code));
    }

    /// <summary>Aborts the newest open connection's TCP connection without a close frame. Its session stays resumable.</summary>
    public Task DropAsync()
    {
        CurrentConnection().Drop(ConnectionEnd.Dropped);
        return Task.CompletedTask;
    }

    /// <summary>Answers the next <paramref name="count"/> message posts with 429 and <c>retry_after</c> = <paramref name="retryAfter"/>.</summary>
    public void RateLimitPosts(int count, TimeSpan retryAfter) => _rest.RateLimit(count, retryAfter);

    /// <summary>Aborts every open connection and stops the server.</summary>
    public async ValueTask DisposeAsync()
    {
        GatewayConnection[] open;
        lock (_lock)
        {
            _stopping = true;
            open = [.. _open];
        }

        foreach (var connection in open)
        {
            connection.Drop(ConnectionEnd.Stopped);
        }

        if (Interlocked.Exchange(ref _app, null) is { } app)
        {
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await app.StopAsync(stopping.Token);
            await app.DisposeAsync();
        }
    }

    internal GatewaySession NewSession()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var index = _recorder.AddSession(new SessionRecord(id, 0, true, null));
        var session = new GatewaySession(id, index, _recorder, Options.HistoryLimit);
        lock (_lock)
        {
            _sessions.Add(session);
        }

        return session;
    }

    internal GatewaySession? FindSession(string? id)
    {
        lock (_lock)
        {
            return _sessions.Find(session => session.Id == id);
        }
    }

    internal JsonObject ReadyData(string sessionId) => new()
    {
        ["v"] = 10,
        ["user"] = BotUser(),
        ["guilds"] = new JsonArray(),
        ["session_id"] = sessionId,
        ["resume_gateway_url"] = ResumeUrl,
        ["application"] = new JsonObject { ["id"] = Options.BotUserId, ["flags"] = 0 },
    };

    internal JsonObject BotUser() => new()
    {
        ["id"] = Options.BotUserId,
        ["username"] = Options.BotUsername,
        ["discriminator"] = "0",
        ["global_name"] = null,
        ["avatar"] = null,
        ["bot"] = true,
    };

    /// <summary>A message object as the REST API and MESSAGE_CREATE carry it.</summary>
    internal JsonObject MessageObject(string channelId, string content, JsonObject author) => new()
    {
        ["id"] = _snowflakes.Next(),
        ["type"] = 0,
        ["channel_id"] = channelId,
        ["content"] = content,
        ["author"] = author,
        ["timestamp"] = Options.TimeProvider.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture),
        ["edited_timestamp"] = null,
        ["tts"] = false,
        ["mention_everyone"] = false,
        ["mentions"] = new JsonArray(),
        ["attachments"] = new JsonArray(),
        ["embeds"] = new JsonArray(),
        ["pinned"] = false,
    };

    private GatewaySession CurrentSession()
    {
        lock (_lock)
        {
            return _sessions.FindLast(session => session.Resumable)
                ?? throw new InvalidOperationException("No gateway session can take a dispatch: no client has identified (or every session ended).");
        }
    }

    private GatewayConnection CurrentConnection()
    {
        lock (_lock)
        {
            return _open.FindLast(connection => !connection.IsEnding)
                ?? throw new InvalidOperationException("No gateway connection is open.");
        }
    }

    private Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "";
        if (path.StartsWith(RestPrefix + "/", StringComparison.Ordinal))
        {
            return _rest.HandleAsync(context, path[RestPrefix.Length..]);
        }

        // Clients often append "/?v=10..." to the URL they were given.
        var trimmed = path.Length > 1 ? path.TrimEnd('/') : path;
        if (trimmed is GatewayPath or ResumePath)
        {
            return GatewayAsync(context, trimmed);
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }

    private async Task GatewayAsync(HttpContext context, string path)
    {
        var query = context.Request.Query;
        var refusal = !context.WebSockets.IsWebSocketRequest ? "not a WebSocket upgrade"
            : query.TryGetValue("encoding", out var encoding) && encoding != "json" ? $"encoding '{encoding}' (only json)"
            : query.ContainsKey("compress") ? "compression (not supported)"
            : null;
        if (refusal is not null)
        {
            _recorder.Log($"refused {path}{context.Request.QueryString}: {refusal}");
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync(refusal);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { KeepAliveInterval = TimeSpan.Zero });
        var id = _recorder.OpenConnection(path, context.Request.QueryString.Value ?? "");
        var connection = new GatewayConnection(id, this, _recorder, context, socket);
        lock (_lock)
        {
            _open.Add(connection);
            if (_stopping)
            {
                connection.Drop(ConnectionEnd.Stopped);
            }
        }

        try
        {
            var version = query["v"].ToString();
            await connection.RunAsync(badVersion: version.Length > 0 && version != "10");
        }
        finally
        {
            lock (_lock)
            {
                _open.Remove(connection);
            }
        }
    }
}
