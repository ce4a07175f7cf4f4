using System.Security.Cryptography;
using Yoi.Runtime.WebSockets;

namespace Yoi.Runtime.Services;

/// <summary>
/// The timers of one service instance: one-shot, on the service's <see cref="TimeProvider"/>, bounded
/// in number and delay. A timer that fires is handed to <c>onFired</c> (which queues its event); it
/// stays pending, and its handle valid, until the driver takes it for <c>handle</c> or the service
/// cancels it. Handles start at a random point and only count up, as connection handles do.
/// Disposing (the instance ending) stops every timer; later calls fail.
/// </summary>
internal sealed class ServiceTimers : IDisposable
{
    private readonly TimerLimits _limits;
    private readonly TimeProvider _time;
    private readonly Action<uint> _onFired;
    private readonly object _gate = new();
    private readonly Dictionary<uint, Entry> _pending = [];
    private readonly long _startedAt;
    private ulong _next = (ulong)RandomNumberGenerator.GetInt32(1, int.MaxValue);
    private bool _disposed;

    public ServiceTimers(TimerLimits limits, TimeProvider time, Action<uint> onFired)
    {
        _limits = limits;
        _time = time;
        _onFired = onFired;
        _startedAt = time.GetTimestamp();
    }

    /// <summary>Milliseconds on the clock since the instance started: <c>timers.now</c>.</summary>
    public ulong NowMs => (ulong)_time.GetElapsedTime(_startedAt).Ticks / TimeSpan.TicksPerMillisecond;

    /// <summary>Timers set and not yet handled or cancelled (fired or not).</summary>
    public int PendingCount
    {
        get
        {
            lock (_gate)
            {
                return _pending.Count;
            }
        }
    }

    public Result<uint, HostError> Set(uint delayMs)
    {
        var delay = TimeSpan.FromMilliseconds(delayMs);
        if (delay < _limits.MinDelay || delay > _limits.MaxDelay)
        {
            return Result<uint, HostError>.Fail(new HostError.InvalidArgument(
                $"a timer's delay must be {_limits.MinDelay.TotalMilliseconds:0} to {_limits.MaxDelay.TotalMilliseconds:0} ms, not {delayMs}"));
        }

        lock (_gate)
        {
            if (_disposed)
            {
                return Result<uint, HostError>.Fail(new HostError.Io("the service instance is ending"));
            }

            if (_pending.Count >= _limits.MaxPending)
            {
                return Result<uint, HostError>.Fail(new HostError.Limit($"{_limits.MaxPending} timers are already pending (the most per instance)"));
            }

            var handle = NextHandle();
            var entry = new Entry();
            _pending.Add(handle, entry);

            // Created under the gate so a timer firing at once finds its entry complete.
            entry.Timer = _time.CreateTimer(static state => ((Firing)state!).Fire(), new Firing(this, handle), delay, Timeout.InfiniteTimeSpan);
            return Result<uint, HostError>.Ok(handle);
        }
    }

    /// <summary>Cancels a pending timer, fired or not; a fired one's queued event is then skipped (<see cref="TryTake"/>).</summary>
    public Result<Unit, HostError> Cancel(uint handle)
    {
        Entry? entry;
        lock (_gate)
        {
            if (!_pending.Remove(handle, out entry))
            {
                return Result<Unit, HostError>.Fail(HostError.InvalidHandleError);
            }
        }

        entry.Timer?.Dispose();
        return Result<Unit, HostError>.Ok(Unit.Value);
    }

    /// <summary>
    /// The driver takes a fired timer to hand its event to the guest: true, and the handle is released,
    /// when it is still pending and has fired; false when it was cancelled meanwhile (skip the event).
    /// </summary>
    public bool TryTake(uint handle)
    {
        Entry? entry;
        lock (_gate)
        {
            if (!_pending.TryGetValue(handle, out entry) || !entry.Fired)
            {
                return false;
            }

            _pending.Remove(handle);
        }

        entry.Timer?.Dispose();
        return true;
    }

    public void Dispose()
    {
        List<Entry> entries;
        lock (_gate)
        {
            _disposed = true;
            entries = [.. _pending.Values];
            _pending.Clear();
        }

        foreach (var entry in entries)
        {
            entry.Timer?.Dispose();
        }
    }

    private void Fired(uint handle)
    {
        lock (_gate)
        {
            if (!_pending.TryGetValue(handle, out var entry) || entry.Fired)
            {
                return; // cancelled, or the instance is ending
            }

            entry.Fired = true;
        }

        _onFired(handle);
    }

    // Under _gate. Skips 0 and any handle still pending after a wrap (2^32 timers later).
    private uint NextHandle()
    {
        while (true)
        {
            var handle = (uint)_next++;
            if (handle != 0 && !_pending.ContainsKey(handle))
            {
                return handle;
            }
        }
    }

    private sealed class Entry
    {
        public ITimer? Timer;
        public bool Fired;
    }

    private sealed record Firing(ServiceTimers Timers, uint Handle)
    {
        public void Fire() => Timers.Fired(Handle);
    }
}
