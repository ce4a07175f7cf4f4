using Yoi.Runtime.Hosting;

namespace Yoi.Runtime.Services;

/// <summary>
/// The work waiting for one service instance, in the order it became ready, and the one signal the
/// driver awaits when there is none (no thread waits). Bounded by construction: at most one
/// <c>readable</c> per connection (coalesced), one <c>timer-fired</c> per pending timer (timers are
/// bounded), one stop notice, and <see cref="ServiceOptions.MaxPendingCalls"/> host-application calls
/// (more are refused at once).
/// </summary>
internal sealed class ServiceQueue
{
    private readonly object _gate = new();
    private readonly LinkedList<ServiceWork> _work = new();
    private readonly HashSet<uint> _readable = [];
    private readonly int _maxCalls;
    private int _calls;
    private bool _stopRequested;
    private bool _closed;
    private TaskCompletionSource? _wake;

    public ServiceQueue(int maxCalls) => _maxCalls = maxCalls;

    /// <summary>Work items queued now (for tests and diagnostics).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _work.Count;
            }
        }
    }

    /// <summary>The longest the queue has been (for tests of its bound).</summary>
    public int HighWater { get; private set; }

    /// <summary>Queues <c>readable(connection)</c> unless one is already waiting (coalescing).</summary>
    public void Readable(uint connection)
    {
        TaskCompletionSource? wake;
        lock (_gate)
        {
            if (_closed || !_readable.Add(connection))
            {
                return;
            }

            wake = AddLast(new ServiceWork.Readable(connection));
        }

        wake?.TrySetResult();
    }

    /// <summary>Queues a fired timer's event (each timer fires once, so no coalescing is needed).</summary>
    public void TimerFired(uint timer) => Add(new ServiceWork.TimerFired(timer));

    /// <summary>Queues a host-application call, or refuses it (busy, or the instance is ending).</summary>
    public PluginCallError? TryCall(ServiceWork call)
    {
        TaskCompletionSource? wake;
        lock (_gate)
        {
            if (_closed || _stopRequested)
            {
                return new PluginCallError(PluginCallErrorKind.Unavailable, "the service is stopping");
            }

            if (_calls >= _maxCalls)
            {
                return new PluginCallError(PluginCallErrorKind.Busy, $"{_maxCalls} calls are already waiting for the service");
            }

            _calls++;
            wake = AddLast(call);
        }

        wake?.TrySetResult();
        return null;
    }

    /// <summary>Puts the stop notice first: it is the next event handled. False when a stop was already requested.</summary>
    public bool RequestStop()
    {
        TaskCompletionSource? wake;
        lock (_gate)
        {
            if (_stopRequested || _closed)
            {
                return false;
            }

            _stopRequested = true;
            _work.AddFirst(new ServiceWork.Stopping());
            HighWater = Math.Max(HighWater, _work.Count);
            wake = TakeWake();
        }

        wake?.TrySetResult();
        return true;
    }

    /// <summary>Wakes the driver without work (e.g. the stop grace ran out), so it re-checks its state.</summary>
    public void Nudge()
    {
        TaskCompletionSource? wake;
        lock (_gate)
        {
            wake = TakeWake();
        }

        wake?.TrySetResult();
    }

    /// <summary>The next work item, if any; a taken <c>readable</c> may be queued again at once.</summary>
    public ServiceWork? TryTake()
    {
        lock (_gate)
        {
            if (_work.First is not { } first)
            {
                return null;
            }

            _work.RemoveFirst();
            switch (first.Value)
            {
                case ServiceWork.Readable r:
                    _readable.Remove(r.Connection);
                    break;
                case ServiceWork.Invoke or ServiceWork.Status:
                    _calls--;
                    break;
            }

            return first.Value;
        }
    }

    /// <summary>Completes when work is queued or <see cref="Nudge"/> is called; at once when work is already there.</summary>
    public Task WhenWorkAsync()
    {
        lock (_gate)
        {
            if (_work.Count > 0 || _closed)
            {
                return Task.CompletedTask;
            }

            _wake ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _wake.Task;
        }
    }

    /// <summary>Ends the queue: later work is dropped or refused; what is queued is returned so waiting calls can be answered.</summary>
    public List<ServiceWork> Close()
    {
        TaskCompletionSource? wake;
        List<ServiceWork> left;
        lock (_gate)
        {
            _closed = true;
            left = [.. _work];
            _work.Clear();
            _readable.Clear();
            _calls = 0;
            wake = TakeWake();
        }

        wake?.TrySetResult();
        return left;
    }

    private void Add(ServiceWork work)
    {
        TaskCompletionSource? wake;
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            wake = AddLast(work);
        }

        wake?.TrySetResult();
    }

    // Under _gate.
    private TaskCompletionSource? AddLast(ServiceWork work)
    {
        _work.AddLast(work);
        HighWater = Math.Max(HighWater, _work.Count);
        return TakeWake();
    }

    // Under _gate.
    private TaskCompletionSource? TakeWake()
    {
        var wake = _wake;
        _wake = null;
        return wake;
    }
}
