using Microsoft.Extensions.Time.Testing;

namespace Yoi.Runtime.Tests.Services;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also counts the timers made on it and those still alive. The
/// driver arms some timers (the stop grace, a restart's backoff) just after it reports the step that
/// needs them, so a test waits for <see cref="Created"/> to move before it advances the clock: an
/// advance made before a timer exists would be lost to it.
/// </summary>
internal sealed class ServiceClock : TimeProvider
{
    private readonly FakeTimeProvider _fake = new();
    private int _created;
    private int _alive;

    /// <summary>Timers made so far (counted once each exists).</summary>
    public int Created => Volatile.Read(ref _created);

    /// <summary>Timers made and not yet disposed.</summary>
    public int Alive => Volatile.Read(ref _alive);

    public override long TimestampFrequency => _fake.TimestampFrequency;

    public override long GetTimestamp() => _fake.GetTimestamp();

    public override DateTimeOffset GetUtcNow() => _fake.GetUtcNow();

    /// <summary>Moves the clock on; timers due by then fire on this thread, before it returns.</summary>
    public void Advance(TimeSpan by) => _fake.Advance(by);

    public void Advance(int milliseconds) => _fake.Advance(TimeSpan.FromMilliseconds(milliseconds));

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Counted(_fake.CreateTimer(callback, state, dueTime, period), this);
        Interlocked.Increment(ref _alive);
        Interlocked.Increment(ref _created);
        return timer;
    }

    private sealed class Counted(ITimer inner, ServiceClock clock) : ITimer
    {
        private int _disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(dueTime, period);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref clock._alive);
            }

            inner.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
