using Wasmtime;

namespace Yoi.Runtime.Hosting;

/// <summary>
/// The epoch-deadline callback of one plugin instance's store. The store's deadline is always one
/// tick ahead, so this runs on the calling thread at every epoch tick while Wasm code runs, and ends
/// the call (by throwing, which Wasmtime turns into a trap) when the instance is stopping, the call's
/// wall-clock budget has run out, or the call has used up its ticks. Epoch ticks reach every store of
/// the engine; reading this instance's <see cref="PluginInstanceLifecycle"/> makes stopping and timing
/// out per instance.
/// </summary>
internal sealed class CallGuard(PluginInstanceLifecycle lifecycle)
{
    private long _ticksLeft = long.MaxValue; // only the calling thread reads and writes it

    /// <summary>Gives the next call (or the instantiation) <paramref name="ticks"/> epoch ticks.</summary>
    public void Arm(Store store, ulong ticks)
    {
        _ticksLeft = (long)Math.Min(ticks, long.MaxValue);
        store.SetEpochDeadline(1);
    }

    public ulong OnEpochDeadline(Store store)
    {
        var phase = lifecycle.Phase;
        if (phase == LifecyclePhase.Stopping)
        {
            throw new CallInterruptedException(timedOut: false);
        }

        if (phase == LifecyclePhase.Expired || --_ticksLeft <= 0)
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
