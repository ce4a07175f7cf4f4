using Wasmtime;

namespace Yoi.Runtime.Hosting;

/// <summary>
/// The epoch-deadline callback of one plugin instance's store. The store's deadline is always one
/// tick ahead, so this runs on the calling thread at every epoch tick while Wasm code runs, and ends
/// the call (by throwing, which Wasmtime turns into a trap) when the instance is stopping or the call
/// has used up its ticks. Epoch ticks reach every store of the engine; this makes stopping and timing
/// out per instance.
/// </summary>
internal sealed class CallGuard
{
    private long _ticksLeft = long.MaxValue;
    private volatile bool _stopping;
    private volatile bool _expired;

    /// <summary>Gives the next call (or the instantiation) <paramref name="ticks"/> epoch ticks.</summary>
    public void Arm(Store store, ulong ticks)
    {
        _expired = false;
        Volatile.Write(ref _ticksLeft, (long)Math.Min(ticks, long.MaxValue));
        store.SetEpochDeadline(1);
    }

    /// <summary>Ends the running call at the next tick (the instance is stopping).</summary>
    public void Stop() => _stopping = true;

    /// <summary>Ends the running call at the next tick as timed out (its wall-clock budget ran out in a host call).</summary>
    public void Expire() => _expired = true;

    public ulong OnEpochDeadline(Store store)
    {
        if (_stopping)
        {
            throw new CallInterruptedException(timedOut: false);
        }

        if (_expired || Interlocked.Decrement(ref _ticksLeft) <= 0)
        {
            throw new CallInterruptedException(timedOut: true);
        }

        return 1;
    }
}

/// <summary>Thrown by <see cref="CallGuard"/> to end a call; Wasmtime reports it as a trap's inner exception.</summary>
internal sealed class CallInterruptedException(bool timedOut)
    : Exception(timedOut ? "the call ran past its time limit and was interrupted" : "the plugin instance was stopped during the call")
{
    public bool TimedOut { get; } = timedOut;
}
