using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using Yoi.Runtime.Policy;

namespace Yoi.Runtime.WebSockets;

/// <summary>
/// One host-owned connection: the socket, its receive pump, its bounded receive buffer, its send lock
/// and its lifetime/idle timer. Received data goes only into the buffer, which only recv drains.
/// <para>
/// The pump reads one message at a time and only while the buffer has room, so a plugin that stops
/// calling recv stops the host reading (TCP pushes back on the peer); while it reads, the BCL answers
/// pings. A message over the size or frame bound ends the connection with 1009 and queues <c>limit</c>. A
/// peer close is queued as <c>closed</c>, echoed, and the socket released.
/// </para>
/// <para>
/// A close runs in the background once started and is bounded by one close timeout; the socket counts
/// against the caps until <see cref="IConnectionOwner.Released"/>. The pump and the close are observed:
/// an unexpected failure of either reaches <see cref="IConnectionOwner.Faulted"/>.
/// </para>
/// </summary>
internal sealed class WebSocketConnection : IAsyncDisposable
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ConnectedWebSocket _connected;
    private readonly ClientWebSocket _socket;
    private readonly WebSocketLimits _limits;
    private readonly TimeProvider _time;
    private readonly WebSocketMetrics _metrics;
    private readonly IConnectionOwner _owner;
    private readonly ReceiveBuffer _buffer;
    private readonly SendBudget? _sendBudget;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly object _closeGate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly long _openedAt;
    private ITimer? _timer;
    private Task _pump = Task.CompletedTask;
    private Task? _closing;
    private long _lastActivity;
    private int _released;

    public WebSocketConnection(
        ConnectedWebSocket connected,
        WebSocketLimits limits,
        TimeProvider time,
        WebSocketMetrics metrics,
        IConnectionOwner owner)
    {
        _connected = connected;
        _socket = connected.Socket;
        _limits = limits;
        _time = time;
        _metrics = metrics;
        _owner = owner;
        _buffer = new ReceiveBuffer(limits.MaxBufferedMessages, limits.MaxBufferedBytes, limits.MaxMessageBytes, () => owner.ItemBuffered(this));
        _sendBudget = limits.MaxSendsPerWindow is { } budget ? new SendBudget(budget, limits.SendWindow, time) : null;
        _openedAt = time.GetTimestamp();
        _lastActivity = _openedAt;
        metrics.Opened();
    }

    public uint Handle { get; set; }

    /// <summary>The decision that allowed the open: what a secret in a later message is checked against.</summary>
    public required PolicyDecision Decision { get; init; }

    public string? Subprotocol => _connected.Subprotocol;

    /// <summary>True while the socket is open (not yet released).</summary>
    public bool HasSocket => Volatile.Read(ref _released) == 0;

    /// <summary>Messages waiting for recv (for tests and diagnostics).</summary>
    public int BufferedCount => _buffer.Count;

    /// <summary>Items recv has taken so far: how a service driver sees that a call made progress on this connection.</summary>
    public long ItemsTaken => _buffer.Taken;

    public int BufferedBytes => _buffer.Bytes;

    public void Start()
    {
        _pump = Task.Run(PumpAsync);
        Observe(_pump);
        _timer = _time.CreateTimer(_ => CheckDeadlines(), null, NextDeadline(), Timeout.InfiniteTimeSpan);
    }

    public async Task<Result<Unit, HostError>> SendAsync(WebSocketMessage message, CancellationToken cancellationToken)
    {
        byte[] payload;
        WebSocketMessageType type;
        switch (message)
        {
            case WebSocketMessage.Text text:
                int count;
                try
                {
                    count = StrictUtf8.GetByteCount(text.Value);
                }
                catch (EncoderFallbackException)
                {
                    return Result<Unit, HostError>.Fail(new HostError.InvalidArgument("the text is not valid Unicode"));
                }

                if (count > _limits.MaxMessageBytes)
                {
                    return TooBig(count);
                }

                payload = StrictUtf8.GetBytes(text.Value);
                type = WebSocketMessageType.Text;
                break;
            case WebSocketMessage.Binary binary:
                if (binary.Value.Length > _limits.MaxMessageBytes)
                {
                    return TooBig(binary.Value.Length);
                }

                payload = binary.Value.ToArray();
                type = WebSocketMessageType.Binary;
                break;
            default:
                return Result<Unit, HostError>.Fail(new HostError.InvalidArgument("unknown message kind"));
        }

        if (_closing is not null || _socket.State != WebSocketState.Open)
        {
            return Result<Unit, HostError>.Fail(new HostError.Io("the connection is closed"));
        }

        using var timeout = new CancellationTokenSource(_limits.SendTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken, _stop.Token);
        var locked = false;
        try
        {
            await _sendLock.WaitAsync(linked.Token).ConfigureAwait(false);
            locked = true;

            // Spent once the send is next on the wire, so a send that never got the lock spends nothing;
            // one that then fails ends the connection anyway.
            if (_sendBudget?.TrySpend() == false)
            {
                return Result<Unit, HostError>.Fail(new HostError.Limit(
                    $"at most {_limits.MaxSendsPerWindow} messages per {_limits.SendWindow.TotalSeconds} s may be sent on one connection; nothing was sent"));
            }

            await _socket.SendAsync(payload, type, endOfMessage: true, linked.Token).ConfigureAwait(false);
            _metrics.Sent(payload.Length);
            Touch();
            return Result<Unit, HostError>.Ok(Unit.Value);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            // A cancelled send leaves the socket aborted: end the connection so recv reports it.
            Fail($"a send did not finish within {_limits.SendTimeout.TotalMilliseconds} ms");
            return Result<Unit, HostError>.Fail(HostError.TimeoutError);
        }
        catch (Exception error) when (error is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            if (locked)
            {
                // A send that failed or was cancelled part-way leaves the socket unusable.
                Fail("send failed: " + error.Message);
            }

            return Result<Unit, HostError>.Fail(new HostError.Io("send failed: " + error.Message));
        }
        finally
        {
            if (locked)
            {
                _sendLock.Release();
            }
        }
    }

    /// <summary>The next item, or none after <paramref name="wait"/>. A closed frame or an error is the last item.</summary>
    public async Task<Result<Option<WebSocketIncoming>, HostError>> RecvAsync(TimeSpan wait, CancellationToken cancellationToken)
    {
        var item = await _buffer.TakeAsync(wait, _time, cancellationToken).ConfigureAwait(false);
        if (item is null)
        {
            return Result<Option<WebSocketIncoming>, HostError>.Ok(Option<WebSocketIncoming>.None);
        }

        return item.TryGetValue(out var incoming, out var error)
            ? Result<Option<WebSocketIncoming>, HostError>.Ok(Option<WebSocketIncoming>.Some(incoming))
            : Result<Option<WebSocketIncoming>, HostError>.Fail(error);
    }

    /// <summary>
    /// Starts the close once (later calls get the same task): sends a close frame, waits for the peer's,
    /// and releases the socket, all within one close timeout counted from this call. The task ends when
    /// the socket is gone; the peer's failures never fault it. <paramref name="why"/> becomes recv's last
    /// item (default: <c>io</c>, closed); it is queued only once this close is the connection's close, so a
    /// recv that sees it and closes the handle joins this close instead of racing it with 1000.
    /// </summary>
    public Task CloseAsync(WebSocketCloseStatus code, string reason, HostError? why = null)
    {
        lock (_closeGate)
        {
            if (_closing is null)
            {
                _closing = CloseCoreAsync(code, reason, why ?? new HostError.Io("the connection was closed"), new CancellationTokenSource(_limits.CloseTimeout, _time));
                Observe(_closing);
            }

            return _closing;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await CloseAsync(WebSocketCloseStatus.EndpointUnavailable, "the plugin instance stopped").ConfigureAwait(false);
        }
        finally
        {
            Release();
        }
    }

    private async Task CloseCoreAsync(WebSocketCloseStatus code, string reason, HostError why, CancellationTokenSource deadline)
    {
        using (deadline)
        {
            try
            {
                await Task.Yield();
                _buffer.WakePump();
                _buffer.End(Result<WebSocketIncoming, HostError>.Fail(why));
                if (HasSocket)
                {
                    await SendCloseFrameAsync(code, reason, deadline.Token).ConfigureAwait(false);

                    // The pump ends when the peer's close arrives; past the deadline the socket is aborted. The
                    // pump's own failure is observed where it was started, not here.
                    await _pump.WaitAsync(deadline.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }
            finally
            {
                Release();
            }
        }
    }

    private async Task SendCloseFrameAsync(WebSocketCloseStatus code, string reason, CancellationToken deadline)
    {
        var locked = false;
        try
        {
            await _sendLock.WaitAsync(deadline).ConfigureAwait(false);
            locked = true;
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync(code, reason, deadline).ConfigureAwait(false);
            }
        }
        catch (Exception error) when (error is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The socket is going away either way.
        }
        finally
        {
            if (locked)
            {
                _sendLock.Release();
            }
        }
    }

    private async Task PumpAsync()
    {
        var scratch = ArrayPool<byte>.Shared.Rent(Math.Min(_limits.MaxMessageBytes + 1, 16 * 1024));
        using var message = new PooledMessageBuffer(scratch.Length);
        try
        {
            while (true)
            {
                await _buffer.WaitForRoomAsync(_stop.Token).ConfigureAwait(false);
                message.Reset();
                var done = await ReadOneAsync(scratch, message).ConfigureAwait(false);
                if (done)
                {
                    return;
                }
            }
        }
        catch (Exception error) when (error is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException or DecoderFallbackException)
        {
            if (_closing is null)
            {
                _buffer.End(Result<WebSocketIncoming, HostError>.Fail(new HostError.Io(error is DecoderFallbackException
                    ? "a text message was not valid UTF-8"
                    : "receive failed: " + error.Message)));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
            if (_closing is null)
            {
                Release();
            }
        }
    }

    /// <summary>Reads one whole message (or the close); true when the pump should stop.</summary>
    private async Task<bool> ReadOneAsync(byte[] scratch, PooledMessageBuffer message)
    {
        var total = 0;
        var frames = 0;
        while (true)
        {
            var received = await _socket.ReceiveAsync(scratch.AsMemory(), _stop.Token).ConfigureAwait(false);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                var frame = new CloseFrame((ushort)(_socket.CloseStatus ?? (WebSocketCloseStatus)1005), _socket.CloseStatusDescription ?? "");
                _buffer.End(Result<WebSocketIncoming, HostError>.Ok(new WebSocketIncoming.Closed(frame)));
                using var echo = new CancellationTokenSource(_limits.CloseTimeout, _time);
                await SendCloseFrameAsync(_socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, "", echo.Token).ConfigureAwait(false);
                return true;
            }

            total += received.Count;

            // A read returns the current frame's payload up to the buffer's size, so a short read (an
            // empty frame reads 0) ends a frame. A frame that exactly fills the buffer is not counted;
            // each such frame carries a whole buffer, so the byte bound caps how many there can be.
            if (received.Count < scratch.Length || received.EndOfMessage)
            {
                frames++;
            }

            if (_closing is not null)
            {
                // Draining until the peer answers our close: discard.
                if (received.EndOfMessage)
                {
                    return false;
                }

                continue;
            }

            if (total > _limits.MaxMessageBytes)
            {
                _ = CloseAsync(WebSocketCloseStatus.MessageTooBig, $"message over {_limits.MaxMessageBytes} bytes", new HostError.Limit(
                    $"an incoming message exceeded {_limits.MaxMessageBytes} bytes; the connection was closed with 1009"));
                continue;
            }

            if (frames > _limits.MaxMessageFrames)
            {
                _ = CloseAsync(WebSocketCloseStatus.MessageTooBig, $"message in over {_limits.MaxMessageFrames} frames", new HostError.Limit(
                    $"an incoming message arrived in more than {_limits.MaxMessageFrames} frames; the connection was closed with 1009"));
                continue;
            }

            message.Write(scratch.AsSpan(0, received.Count));
            if (!received.EndOfMessage)
            {
                continue;
            }

            WebSocketMessage value = received.MessageType == WebSocketMessageType.Text
                ? new WebSocketMessage.Text(StrictUtf8.GetString(message.Written))
                : new WebSocketMessage.Binary(message.Written.ToArray());
            _metrics.Received(total);
            Touch();
            _buffer.AddMessage(value, total);
            return false;
        }
    }

    private void Fail(string why)
    {
        _buffer.End(Result<WebSocketIncoming, HostError>.Fail(new HostError.Io(why)));
        Release();
    }

    private void Touch() => Interlocked.Exchange(ref _lastActivity, _time.GetTimestamp());

    private TimeSpan NextDeadline()
    {
        var lifetimeLeft = _limits.Lifetime - _time.GetElapsedTime(_openedAt);
        var idleLeft = _limits.IdleTimeout - _time.GetElapsedTime(Interlocked.Read(ref _lastActivity));
        var next = lifetimeLeft < idleLeft ? lifetimeLeft : idleLeft;
        return next < TimeSpan.Zero ? TimeSpan.Zero : next;
    }

    private void CheckDeadlines()
    {
        if (_closing is not null)
        {
            return;
        }

        string? why = null;
        if (_time.GetElapsedTime(_openedAt) >= _limits.Lifetime)
        {
            why = $"lifetime of {_limits.Lifetime} expired";
        }
        else if (_time.GetElapsedTime(Interlocked.Read(ref _lastActivity)) >= _limits.IdleTimeout)
        {
            why = $"idle for {_limits.IdleTimeout}";
        }

        if (why is null)
        {
            _timer?.Change(NextDeadline(), Timeout.InfiniteTimeSpan);
            return;
        }

        // The handle stays until recv returns the error, so a plugin (or a service's readable event) learns
        // why the connection ended instead of meeting invalid-handle.
        _owner.Expired(this, why);
        _ = CloseAsync(WebSocketCloseStatus.NormalClosure, why.Length <= 120 ? why : "expired", new HostError.Io($"the connection expired: {why}"));
    }

    private void Release()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
        {
            return;
        }

        _timer?.Dispose();
        _stop.Cancel();
        _socket.Abort();
        _socket.Dispose();
        _connected.Invoker.Dispose();
        _metrics.Closed();
        _owner.Released(this);
    }

    /// <summary>Background work is never left unobserved: an unexpected failure is reported to the owner.</summary>
    private void Observe(Task work) =>
        work.ContinueWith(
            static (failed, state) =>
            {
                var connection = (WebSocketConnection)state!;
                connection._owner.Faulted(connection, failed.Exception!.GetBaseException());
            },
            this,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

    private Result<Unit, HostError> TooBig(int bytes) =>
        Result<Unit, HostError>.Fail(new HostError.Limit($"the message is {bytes} bytes; the limit is {_limits.MaxMessageBytes} bytes"));
}
