using System.Diagnostics;

namespace Yoi.Runtime.Hosting;

/// <summary>Where a plugin instance is, in finer steps than <see cref="PluginInstanceState"/>.</summary>
internal enum LifecyclePhase
{
    /// <summary>Running, no call: the next call may begin.</summary>
    Idle,

    /// <summary>Running, a call in the store; the calling thread holds the store.</summary>
    InCall,

    /// <summary>The running call's budget ran out: the instance is closing and fails when the call returns.</summary>
    Expired,

    /// <summary>Stopped during a call: the instance is closing and stops when the call returns.</summary>
    Stopping,

    /// <summary>A call trapped or ran out of budget; terminal.</summary>
    Failed,

    /// <summary>Stopped; terminal.</summary>
    Stopped,
}

/// <summary>
/// The one state of a plugin instance: its <see cref="LifecyclePhase"/> and the number of its current
/// (or last) call, packed in one 64-bit field that only compare-and-swap changes. Each transition has
/// exactly one winner, which <see cref="PluginInstance"/> then acts for; this class only decides.
/// The call number makes a budget timer's expiry apply to its own call and no later one.
/// </summary>
internal sealed class PluginInstanceLifecycle(string overBudget)
{
    private string _overBudget = overBudget; // set by the calling thread before each call's budget is armed

    private const int PhaseBits = 3;
    private const long PhaseMask = (1 << PhaseBits) - 1;

    private long _state; // (call number << PhaseBits) | phase: Idle before call 1
    private string? _failureReason; // written before the move to Failed, so whoever sees Failed sees it

    public LifecyclePhase Phase => PhaseOf(Volatile.Read(ref _state));

    public PluginInstanceState State => Phase switch
    {
        LifecyclePhase.Idle or LifecyclePhase.InCall => PluginInstanceState.Running,
        LifecyclePhase.Expired or LifecyclePhase.Failed => PluginInstanceState.Failed,
        _ => PluginInstanceState.Stopped,
    };

    /// <summary>Why the instance failed (or is failing), or null.</summary>
    public string? FailureReason => Phase switch
    {
        LifecyclePhase.Expired => Volatile.Read(ref _overBudget),
        LifecyclePhase.Failed => Volatile.Read(ref _failureReason),
        _ => null,
    };

    /// <summary>The reason a call that ran past its budget fails the instance with.</summary>
    public string OverBudget => Volatile.Read(ref _overBudget);

    /// <summary>The reason the next call fails with if it runs past its budget (calls may have different budgets).</summary>
    public void SetOverBudget(string reason) => Volatile.Write(ref _overBudget, reason);

    /// <summary>Idle → InCall, as the next call. False, with the phase met, when the instance is not Idle.</summary>
    public bool TryBeginCall(out long call, out LifecyclePhase met)
    {
        var state = Volatile.Read(ref _state);
        while (PhaseOf(state) == LifecyclePhase.Idle)
        {
            call = CallOf(state) + 1;
            var seen = Interlocked.CompareExchange(ref _state, Pack(call, LifecyclePhase.InCall), state);
            if (seen == state)
            {
                met = LifecyclePhase.Idle;
                return true;
            }

            state = seen;
        }

        call = 0;
        met = PhaseOf(state);
        return false;
    }

    /// <summary>
    /// InCall → Expired for <paramref name="call"/> only: false when that call has already ended (even
    /// if another one runs now) or the instance was stopped first.
    /// </summary>
    public bool TryExpire(long call) =>
        Interlocked.CompareExchange(ref _state, Pack(call, LifecyclePhase.Expired), Pack(call, LifecyclePhase.InCall)) == Pack(call, LifecyclePhase.InCall);

    /// <summary>
    /// Idle → Stopped, or InCall → Stopping. Returns the phase moved from (Idle or InCall), or the phase
    /// met when the instance is already on its way out (Expired, Stopping, Failed, Stopped) and nothing changes.
    /// </summary>
    public LifecyclePhase RequestStop()
    {
        var state = Volatile.Read(ref _state);
        while (true)
        {
            var phase = PhaseOf(state);
            LifecyclePhase next;
            switch (phase)
            {
                case LifecyclePhase.Idle:
                    next = LifecyclePhase.Stopped;
                    break;
                case LifecyclePhase.InCall:
                    next = LifecyclePhase.Stopping;
                    break;
                default:
                    return phase;
            }

            var seen = Interlocked.CompareExchange(ref _state, Pack(CallOf(state), next), state);
            if (seen == state)
            {
                return phase;
            }

            state = seen;
        }
    }

    /// <summary>
    /// Ends <paramref name="call"/>; only its own thread calls this. InCall → Idle when it returned,
    /// InCall → Failed when it trapped (<paramref name="trap"/> is the reason), Expired → Failed,
    /// Stopping → Stopped. Returns the phase the call ended from.
    /// </summary>
    public LifecyclePhase EndCall(long call, string? trap)
    {
        var state = Volatile.Read(ref _state);
        while (true)
        {
            var phase = PhaseOf(state);
            Debug.Assert(CallOf(state) == call && phase is LifecyclePhase.InCall or LifecyclePhase.Expired or LifecyclePhase.Stopping, $"call {call} ended in {phase} of call {CallOf(state)}");
            var next = phase switch
            {
                LifecyclePhase.InCall => trap is null ? LifecyclePhase.Idle : LifecyclePhase.Failed,
                LifecyclePhase.Expired => LifecyclePhase.Failed,
                _ => LifecyclePhase.Stopped,
            };
            if (next == LifecyclePhase.Failed)
            {
                Volatile.Write(ref _failureReason, phase == LifecyclePhase.Expired ? OverBudget : trap);
            }

            // Another thread can only have moved InCall to Expired or Stopping meanwhile: one more turn at most.
            var seen = Interlocked.CompareExchange(ref _state, Pack(call, next), state);
            if (seen == state)
            {
                return phase;
            }

            state = seen;
        }
    }

    private static long Pack(long call, LifecyclePhase phase) => (call << PhaseBits) | (long)phase;

    private static long CallOf(long state) => state >> PhaseBits;

    private static LifecyclePhase PhaseOf(long state) => (LifecyclePhase)(state & PhaseMask);
}
