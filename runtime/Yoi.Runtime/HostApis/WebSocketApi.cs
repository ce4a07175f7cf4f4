using Yoi.Host.Websocket;
using Yoi.Runtime.Secrets;
using Yoi.Runtime.Services;
using Yoi.Runtime.WebSockets;
using Yoi.Wit.Bindings;
using WitError = Yoi.Host.Types.HostError;
using WitTextPart = Yoi.Host.Types.TextPart;
using WitUnit = Yoi.Wit.Bindings.Unit;

namespace Yoi.Runtime.HostApis;

/// <summary>
/// The host side of <c>yoi:host/websocket@1.0.0</c> for one plugin instance: the generated
/// <see cref="IWebsocketHost"/> over that instance's <see cref="WebSocketSession"/>.
/// </summary>
/// <remarks>
/// Every call is forwarded to the session and its <c>Result&lt;T, HostError&gt;</c> is mapped to the
/// generated <see cref="WitResult{T, E}"/> and <see cref="WitError"/>: denials, bounds, timeouts, peer
/// failures and bad handles are <c>err</c> values the guest receives normally. Only a host bug throws
/// (an unexpected exception from the session, or an operation that overran its own bound), which the
/// generated glue turns into a trap of the calling guest.
/// Host functions are synchronous; <see cref="SyncBridge"/> waits for the session's asynchronous
/// operations without a captured context, each bounded by the session's own timeouts.
/// </remarks>
public sealed class WebSocketApi : IWebsocketHost
{
    private readonly WebSocketSession _session;
    private readonly CancellationToken _stopping;
    private readonly TimeSpan _backstopMargin;

    /// <param name="session">The plugin instance's session: its handle table and policy.</param>
    /// <param name="stopping">Cancelled when the instance stops; calls in flight then end with <c>io</c>.</param>
    /// <param name="backstopMargin">How far past an operation's own bound a wait may run before it is
    /// treated as a host bug (default 10 s).</param>
    public WebSocketApi(WebSocketSession session, CancellationToken stopping = default, TimeSpan? backstopMargin = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        _session = session;
        _stopping = stopping;
        _backstopMargin = backstopMargin ?? TimeSpan.FromSeconds(10);
    }

    public WitResult<Opened, WitError> Open(Host.Websocket.OpenRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var limits = _session.Limits;
        var result = Bridge(
            () => _session.OpenAsync(new WebSockets.OpenRequest(request.Url, request.Subprotocols, WitHeaders.FromWit(request.Headers)), _stopping),
            limits.ConnectTimeout + limits.CloseTimeout,
            "open");
        return result.TryGetValue(out var opened, out var error)
            ? WitResult<Opened, WitError>.Ok(new Opened(opened.Connection, opened.Subprotocol))
            : WitResult<Opened, WitError>.Err(ToWit(error));
    }

    public WitResult<WitUnit, WitError> Send(uint connection, Message message)
    {
        var mapped = FromWit(message);
        var result = Bridge(() => _session.SendAsync(connection, mapped, _stopping), _session.Limits.SendTimeout + _session.Limits.CloseTimeout, "send");
        return ToWit(result);
    }

    public WitResult<WitUnit, WitError> SendWithSecrets(uint connection, IReadOnlyList<WitTextPart> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var mapped = WitHeaders.FromWit(parts);
        var result = Bridge(() => _session.SendWithSecretsAsync(connection, mapped, _stopping), _session.Limits.SendTimeout + _session.Limits.CloseTimeout, "send-with-secrets");
        return ToWit(result);
    }

    public WitResult<Incoming?, WitError> Recv(uint connection, uint timeoutMs)
    {
        var limits = _session.Limits;
        var wait = TimeSpan.FromMilliseconds(timeoutMs);
        if (wait > limits.MaxRecvWait)
        {
            wait = limits.MaxRecvWait;
        }

        // Bounded by its wait alone: a recv that ends the connection leaves the close to the background.
        var result = Bridge(() => _session.RecvAsync(connection, timeoutMs, _stopping), wait, "recv");
        if (!result.TryGetValue(out var incoming, out var error))
        {
            return WitResult<Incoming?, WitError>.Err(ToWit(error));
        }

        return WitResult<Incoming?, WitError>.Ok(incoming.HasValue ? ToWit(incoming.Value) : null);
    }

    public WitResult<WitUnit, WitError> Close(uint connection, ushort? code, string? reason)
    {
        var result = Bridge(() => _session.CloseAsync(connection, code, reason), 2 * _session.Limits.CloseTimeout, "close");
        return ToWit(result);
    }

    private Result<T, HostError> Bridge<T>(Func<Task<Result<T, HostError>>> operation, TimeSpan bound, string what)
        where T : notnull
    {
        using var activity = RuntimeTelemetry.HostCall(_session.Instance, "websocket", what);
        Result<T, HostError> result;
        try
        {
            result = SyncBridge.Run(operation, bound + _backstopMargin, $"websocket {what} of plugin instance '{_session.Instance}'");
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            result = Result<T, HostError>.Fail(new HostError.Io("the plugin instance is stopping"));
        }
        catch (Exception bug) when (RuntimeTelemetry.Threw(activity, bug))
        {
            throw;
        }

        if (!result.TryGetValue(out _, out var error))
        {
            RuntimeTelemetry.Failed(activity, error);
        }

        return result;
    }

    /// <summary>The session's error to the generated WIT variant (case for case).</summary>
    public WitError ToWit(HostError error) => HostErrorMapping.ToWit(error, _session.Secrets);

    public static Incoming ToWit(WebSocketIncoming incoming) => incoming switch
    {
        WebSocketIncoming.Message m => new Incoming.Message(ToWit(m.Value)),
        WebSocketIncoming.Closed c => new Incoming.Closed(new Host.Websocket.CloseFrame(c.Frame.Code, c.Frame.Reason)),
        _ => throw new HostBugException($"unmapped incoming item {incoming}"),
    };

    public static Message ToWit(WebSocketMessage message) => message switch
    {
        WebSocketMessage.Text t => new Message.Text(t.Value),
        WebSocketMessage.Binary b => new Message.Binary(b.Value.ToArray()),
        _ => throw new HostBugException($"unmapped message {message}"),
    };

    public static WebSocketMessage FromWit(Message message) => message switch
    {
        Message.Text t => new WebSocketMessage.Text(t.Value),
        Message.Binary b => new WebSocketMessage.Binary(b.Value),
        _ => throw new HostBugException($"unmapped message {message}"),
    };

    private WitResult<WitUnit, WitError> ToWit(Result<WebSockets.Unit, HostError> result) =>
        result.TryGetValue(out _, out var error)
            ? WitResult<WitUnit, WitError>.Ok(WitUnit.Value)
            : WitResult<WitUnit, WitError>.Err(ToWit(error));
}
