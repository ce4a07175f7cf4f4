namespace Yoi.Runtime.WebSockets;

/// <summary>
/// The bounded queue between a connection's receive pump and the plugin's recv calls. The pump asks
/// for room before it reads the next message (back-pressure: while the buffer is full nothing is read
/// from the socket). Room means fewer than the message cap AND a whole maximum-size message still fits
/// under the byte cap, so the buffer never exceeds either bound. The last item (a close or an error) is
/// always accepted and ends the queue. <c>itemAdded</c> runs after each item is queued, outside the
/// buffer's lock (so the session may take its own lock there, and may read this buffer under it).
/// </summary>
internal sealed class ReceiveBuffer(int maxMessages, int maxBytes, int maxMessageBytes, Action? itemAdded = null)
{
    private readonly object _gate = new();
    private readonly Queue<(Result<WebSocketIncoming, HostError> Item, int Bytes)> _items = new();
    private TaskCompletionSource _changed = NewSignal();
    private int _bytes;
    private bool _ended;
    private long _taken;
    private bool _wakePump;

    /// <summary>Items taken since the connection opened.</summary>
    public long Taken
    {
        get
        {
            lock (_gate)
            {
                return _taken;
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _items.Count;
            }
        }
    }

    public int Bytes
    {
        get
        {
            lock (_gate)
            {
                return _bytes;
            }
        }
    }

    /// <summary>True once a terminal item has been added (later adds are ignored).</summary>
    public bool HasEnded
    {
        get
        {
            lock (_gate)
            {
                return _ended;
            }
        }
    }

    /// <summary>Waits until one more maximum-size message fits, or until <see cref="WakePump"/> is called.</summary>
    public async Task WaitForRoomAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_wakePump || (_items.Count < maxMessages && _bytes + maxMessageBytes <= maxBytes))
                {
                    return;
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Lets the pump read on regardless of room (it is closing and will discard what it reads).</summary>
    public void WakePump()
    {
        lock (_gate)
        {
            _wakePump = true;
            Signal();
        }
    }

    public void AddMessage(WebSocketMessage message, int bytes)
    {
        lock (_gate)
        {
            if (_ended)
            {
                return;
            }

            _items.Enqueue((Result<WebSocketIncoming, HostError>.Ok(new WebSocketIncoming.Message(message)), bytes));
            _bytes += bytes;
            Signal();
        }

        itemAdded?.Invoke();
    }

    /// <summary>Adds the item that ends the connection; only the first one counts.</summary>
    public void End(Result<WebSocketIncoming, HostError> terminal)
    {
        lock (_gate)
        {
            if (_ended)
            {
                return;
            }

            _ended = true;
            _items.Enqueue((terminal, 0));
            Signal();
        }

        itemAdded?.Invoke();
    }

    /// <summary>Takes the next item, waiting at most <paramref name="wait"/>; false when nothing came.</summary>
    public async Task<Result<WebSocketIncoming, HostError>?> TakeAsync(TimeSpan wait, TimeProvider time, CancellationToken cancellationToken)
    {
        using var timeout = wait > TimeSpan.Zero ? new CancellationTokenSource(wait, time) : null;
        using var linked = timeout is null ? null : CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_items.TryDequeue(out var next))
                {
                    _bytes -= next.Bytes;
                    _taken++;
                    Signal();
                    return next.Item;
                }

                changed = _changed.Task;
            }

            if (linked is null)
            {
                return null;
            }

            try
            {
                await changed.WaitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Under _gate: wake every waiter; each re-checks its own condition.
    private void Signal()
    {
        var previous = _changed;
        _changed = NewSignal();
        previous.TrySetResult();
    }
}
