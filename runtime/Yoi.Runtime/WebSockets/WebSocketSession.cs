using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Yoi.Runtime.Secrets;

namespace Yoi.Runtime.WebSockets;

/// <summary>
/// The WebSocket connections of one plugin instance: its handle table. Handles are u32 values that
/// start at a random point per session and only count up, so a handle is never reused while the
/// session lives and another instance's handle is (all but certainly) unknown here; unknown handles
/// are <c>invalid-handle</c>. Every open is checked against the instance's policy. Disposing the
/// session (instance stop, trap, disposal) closes every connection it owns.
/// <para>
/// A connection whose handle is gone (recv returned its last item, it expired, the plugin closed it)
/// may still be closing in the background; until its socket is gone it counts against the instance's
/// cap (and the host's), and disposal still waits for it.
/// </para>
/// </summary>
public sealed class WebSocketSession : IAsyncDisposable, IConnectionOwner
{
    private const int MaxCloseReasonBytes = 123;

    private readonly WebSocketHost _host;
    private readonly IWebSocketPolicy _policy;
    private readonly object _gate = new();
    private readonly Dictionary<uint, WebSocketConnection> _connections = new();
    private readonly HashSet<WebSocketConnection> _releasing = [];
    private readonly CancellationTokenSource _disposed = new();
    private TaskCompletionSource<bool>? _readiness;
    private Action<uint>? _readinessListener;
    private ulong _nextHandle;
    private int _pendingOpens;
    private bool _isDisposed;

    internal WebSocketSession(WebSocketHost host, IWebSocketPolicy policy, string instance)
    {
        _host = host;
        _policy = policy;
        Instance = instance;
        _nextHandle = (ulong)RandomNumberGenerator.GetInt32(1, int.MaxValue);
    }

    /// <summary>The plugin instance's name, used in logs.</summary>
    public string Instance { get; }

    /// <summary>The secrets this instance may name; what its errors are redacted with.</summary>
    public PluginSecrets Secrets => _policy.Secrets;

    /// <summary>The host's bounds, which also bound every call on this session.</summary>
    public WebSocketLimits Limits => _host.Limits;

    /// <summary>Live handles (open, or closed by the peer but not yet returned by recv).</summary>
    public int ConnectionCount
    {
        get
        {
            lock (_gate)
            {
                return _connections.Count;
            }
        }
    }

    /// <summary>Connections of this session whose socket is still open, with or without a handle.</summary>
    public int OpenSocketCount
    {
        get
        {
            lock (_gate)
            {
                return _connections.Values.Count(c => c.HasSocket) + _releasing.Count;
            }
        }
    }

    /// <summary>Handles with at least one item for recv (a message, or the close or error that ends it); a snapshot.</summary>
    public IReadOnlyCollection<uint> ReadyConnections
    {
        get
        {
            var ready = new List<uint>();
            lock (_gate)
            {
                foreach (var (handle, connection) in _connections)
                {
                    if (connection.BufferedCount > 0)
                    {
                        ready.Add(handle);
                    }
                }
            }

            return ready;
        }
    }

    /// <summary>
    /// Completes with true once <see cref="ReadyConnections"/> is non-empty (at once, without allocating,
    /// when it already is), with false once the session is disposed; throws
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> is cancelled.
    /// Level-triggered: it keeps completing until recv has drained the ready items. No thread is held
    /// while it waits: the next item queued completes one shared signal, made only when someone waits.
    /// </summary>
    public async ValueTask<bool> WaitForReadinessAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task<bool> signal;
            lock (_gate)
            {
                if (_isDisposed)
                {
                    return false;
                }

                // Checked under the gate that ItemBuffered takes after queueing, so no item slips between
                // this check and the signal.
                foreach (var connection in _connections.Values)
                {
                    if (connection.BufferedCount > 0)
                    {
                        return true;
                    }
                }

                _readiness ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                signal = _readiness.Task;
            }

            if (!await signal.WaitAsync(cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }
    }

    public async Task<Result<OpenedConnection, HostError>> OpenAsync(OpenRequest request, CancellationToken cancellationToken = default)
    {
        var checkedRequest = OpenRequestCheck.Check(request, _policy);
        if (!checkedRequest.TryGetValue(out var open, out var refused))
        {
            return Refuse(refused);
        }

        var decision = open.Decision;

        WebSocketLog.OpenAllowed(_host.Logger, Instance, decision.Explain().ReplaceLineEndings(" | "));
        lock (_gate)
        {
            if (_isDisposed)
            {
                return Result<OpenedConnection, HostError>.Fail(new HostError.Io("the plugin instance has stopped"));
            }

            if (_connections.Count + _releasing.Count + _pendingOpens >= _host.Limits.MaxConnectionsPerInstance)
            {
                return Refuse(new ConnectFailure(
                    new HostError.Limit($"at most {_host.Limits.MaxConnectionsPerInstance} open connections per plugin instance"), "limit-instance"));
            }

            if (_nextHandle > uint.MaxValue)
            {
                return Refuse(new ConnectFailure(new HostError.Limit("this instance has used up its connection handles"), "limit-handles"));
            }

            _pendingOpens++;
        }

        var slotTaken = false;
        try
        {
            if (!_host.TryReserveSlot())
            {
                return Refuse(new ConnectFailure(
                    new HostError.Limit($"at most {_host.Limits.MaxConnectionsPerHost} open connections per host"), "limit-host"));
            }

            slotTaken = true;
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
            var connected = await _host.Connector.ConnectAsync(request, decision, open.Headers, linked.Token).ConfigureAwait(false);
            if (!connected.TryGetValue(out var socket, out var failure))
            {
                return Refuse(failure);
            }

            slotTaken = false;
            var connection = new WebSocketConnection(socket, _host.Limits, _host.Time, _host.Metrics, this) { Decision = decision };
            uint handle;
            lock (_gate)
            {
                if (_isDisposed)
                {
                    handle = 0;
                }
                else
                {
                    handle = (uint)_nextHandle++;
                    connection.Handle = handle;
                    _connections.Add(handle, connection);
                }
            }

            if (handle == 0)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
                return Result<OpenedConnection, HostError>.Fail(new HostError.Io("the plugin instance has stopped"));
            }

            connection.Start();
            WebSocketLog.Connected(_host.Logger, handle, Instance, socket.Url.ToString(), string.Join(", ", socket.Addresses));
            return Result<OpenedConnection, HostError>.Ok(new OpenedConnection(handle, connection.Subprotocol));
        }
        finally
        {
            if (slotTaken)
            {
                _host.ReleaseSlot();
            }

            lock (_gate)
            {
                _pendingOpens--;
            }
        }
    }

    public async Task<Result<Unit, HostError>> SendAsync(uint handle, WebSocketMessage message, CancellationToken cancellationToken = default)
    {
        if (Find(handle) is not { } connection)
        {
            return Result<Unit, HostError>.Fail(HostError.InvalidHandleError);
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        return await connection.SendAsync(message, linked.Token).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends one text message assembled from <paramref name="parts"/>, each secret part replaced by its
    /// value when the secret may go to this connection's URL (<see cref="SecretRules"/>); otherwise
    /// <c>denied</c> naming the secret, and nothing is sent.
    /// </summary>
    public async Task<Result<Unit, HostError>> SendWithSecretsAsync(uint handle, IReadOnlyList<TextPart> parts, CancellationToken cancellationToken = default)
    {
        if (Find(handle) is not { } connection)
        {
            return Result<Unit, HostError>.Fail(HostError.InvalidHandleError);
        }

        if (!_policy.Secrets.ResolveText(parts, connection.Decision).TryGetValue(out var text, out var denial))
        {
            _host.Metrics.Denied("secret");
            WebSocketLog.SendRefused(_host.Logger, handle, Instance, denial);
            return Result<Unit, HostError>.Fail(new HostError.Denied(denial));
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token);
        var sent = await connection.SendAsync(new WebSocketMessage.Text(text), linked.Token).ConfigureAwait(false);
        return sent.IsOk ? sent : Result<Unit, HostError>.Fail(_policy.Secrets.Redact(sent.Error));
    }

    /// <summary>
    /// Waits up to <paramref name="timeoutMs"/> (clamped to the host's bound) for the next item; none when
    /// nothing came. After a close or an error has been returned the handle is invalid. The call returns
    /// within its wait even then: the close handshake and the socket's release go on in the background.
    /// </summary>
    public async Task<Result<Option<WebSocketIncoming>, HostError>> RecvAsync(uint handle, uint timeoutMs, CancellationToken cancellationToken = default)
    {
        if (Find(handle) is not { } connection)
        {
            return Result<Option<WebSocketIncoming>, HostError>.Fail(HostError.InvalidHandleError);
        }

        var wait = TimeSpan.FromMilliseconds(timeoutMs);
        if (wait > _host.Limits.MaxRecvWait)
        {
            wait = _host.Limits.MaxRecvWait;
        }

        Result<Option<WebSocketIncoming>, HostError> result;
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposed.Token))
        {
            try
            {
                result = await connection.RecvAsync(wait, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return Result<Option<WebSocketIncoming>, HostError>.Fail(_disposed.IsCancellationRequested
                    ? HostError.InvalidHandleError
                    : new HostError.Io("recv was cancelled"));
            }
        }

        var ended = !result.IsOk || result.Value is { HasValue: true, Value: WebSocketIncoming.Closed };
        if (ended && Remove(handle, connection))
        {
            WebSocketLog.Ended(_host.Logger, handle, Instance, result.IsOk ? $"peer closed: {result.Value}" : result.Error.ToString());

            // Not awaited: bounded by the close timeout, observed by the connection, counted until released.
            _ = connection.CloseAsync(WebSocketCloseStatus.NormalClosure, "");
        }

        return result;
    }

    /// <summary>Closes the connection (default 1000) and releases the handle.</summary>
    public async Task<Result<Unit, HostError>> CloseAsync(uint handle, ushort? code = null, string? reason = null)
    {
        var status = code ?? 1000;
        if (status != 1000 && status is < 3000 or > 4999)
        {
            return Result<Unit, HostError>.Fail(new HostError.InvalidArgument($"close code {status} is not 1000 or 3000-4999"));
        }

        reason ??= "";
        if (Encoding.UTF8.GetByteCount(reason) > MaxCloseReasonBytes)
        {
            return Result<Unit, HostError>.Fail(new HostError.InvalidArgument($"the close reason is longer than {MaxCloseReasonBytes} bytes of UTF-8"));
        }

        if (Find(handle) is not { } connection || !Remove(handle, connection))
        {
            return Result<Unit, HostError>.Fail(HostError.InvalidHandleError);
        }

        await connection.CloseAsync((WebSocketCloseStatus)status, reason).ConfigureAwait(false);
        WebSocketLog.Ended(_host.Logger, handle, Instance, $"closed by the plugin with {status}");
        return Result<Unit, HostError>.Ok(Unit.Value);
    }

    /// <summary>
    /// Closes every connection of the instance (those still closing in the background included) and waits
    /// until their sockets are gone; later calls fail. Safe to call more than once.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        List<WebSocketConnection> open;
        List<WebSocketConnection> closing;
        TaskCompletionSource<bool>? waiting;
        lock (_gate)
        {
            if (_isDisposed)
            {
                return;
            }

            _isDisposed = true;
            waiting = _readiness;
            _readiness = null;
            open = [.. _connections.Values];
            closing = [.. _releasing];
            _connections.Clear();
        }

        waiting?.TrySetResult(false);
        _disposed.Cancel();
        try
        {
            await Task.WhenAll(open.Concat(closing).Select(connection => connection.DisposeAsync().AsTask())).ConfigureAwait(false);
        }
        finally
        {
            foreach (var connection in open)
            {
                WebSocketLog.Ended(_host.Logger, connection.Handle, Instance, "the plugin instance stopped");
            }

            _host.Forget(this);
        }
    }

    /// <summary>Messages buffered for a handle, for tests and diagnostics; null for an unknown handle.</summary>
    internal (int Messages, int Bytes)? Buffered(uint handle) =>
        Find(handle) is { } connection ? (connection.BufferedCount, connection.BufferedBytes) : null;

    private WebSocketConnection? Find(uint handle)
    {
        lock (_gate)
        {
            return _connections.GetValueOrDefault(handle);
        }
    }

    /// <summary>Takes the handle away; a connection whose socket is still open moves to the releasing set, still counted.</summary>
    private bool Remove(uint handle, WebSocketConnection connection)
    {
        lock (_gate)
        {
            if (!_connections.TryGetValue(handle, out var current) || !ReferenceEquals(current, connection) || !_connections.Remove(handle))
            {
                return false;
            }

            // Under the gate, as Released is: a socket released before this check is never added.
            if (connection.HasSocket)
            {
                _releasing.Add(connection);
            }

            return true;
        }
    }

    void IConnectionOwner.Released(WebSocketConnection connection)
    {
        lock (_gate)
        {
            _releasing.Remove(connection);
        }

        _host.ReleaseSlot();
    }

    void IConnectionOwner.ItemBuffered(WebSocketConnection connection)
    {
        TaskCompletionSource<bool>? waiting;
        lock (_gate)
        {
            waiting = _readiness;
            _readiness = null;
        }

        // Waiters re-check readiness themselves (the item may belong to a handle already gone).
        waiting?.TrySetResult(true);
        Volatile.Read(ref _readinessListener)?.Invoke(connection.Handle);
    }

    /// <summary>
    /// Sets the one listener told the handle of every item queued for recv (outside every lock, on the
    /// thread that queued it, so it must only note the handle and return). A service driver uses it to
    /// queue its events without a thread waiting.
    /// </summary>
    internal void SetReadinessListener(Action<uint>? listener) => Volatile.Write(ref _readinessListener, listener);

    /// <summary>Items buffered for <paramref name="handle"/> and items recv has taken from it; null for an unknown handle.</summary>
    internal (int Buffered, long Taken)? Progress(uint handle) =>
        Find(handle) is { } connection ? (connection.BufferedCount, connection.ItemsTaken) : null;

    void IConnectionOwner.Expired(WebSocketConnection connection, string why) =>
        WebSocketLog.Ended(_host.Logger, connection.Handle, Instance, why);

    void IConnectionOwner.Faulted(WebSocketConnection connection, Exception error) =>
        WebSocketLog.BackgroundFailed(_host.Logger, error, connection.Handle, Instance);

    private Result<OpenedConnection, HostError> Refuse(ConnectFailure failure)
    {
        failure = failure with { Error = _policy.Secrets.Redact(failure.Error) };
        if (failure.Error is HostError.Denied or HostError.Limit)
        {
            _host.Metrics.Denied(failure.Reason);
        }

        WebSocketLog.OpenRefused(_host.Logger, Instance, failure.Reason, failure.Error.ToString());
        return Result<OpenedConnection, HostError>.Fail(failure.Error);
    }
}
