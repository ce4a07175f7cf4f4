using Wasmtime;
using Yoi.Host.Request;

namespace Yoi.Runtime.Hosting;

/// <summary>
/// Per-instance settings: which host APIs are linked (only granted ones), how the request API is
/// made, and the guest's bounds (wall-clock time per call through epoch interruption, linear memory).
/// </summary>
public sealed record PluginInstanceOptions
{
    public static PluginInstanceOptions Default { get; } = new();

    /// <summary>Link <c>yoi:host/websocket</c>; when false a component importing it does not instantiate.</summary>
    public bool LinkWebSocket { get; init; } = true;

    /// <summary>Link <c>yoi:host/request</c>; when false a component importing it does not instantiate.</summary>
    public bool LinkRequest { get; init; } = true;

    /// <summary>Makes the request API for the instance, given the token cancelled when it stops.</summary>
    public Func<CancellationToken, IRequestHost>? RequestFactory { get; init; }

    /// <summary>
    /// Epoch ticks a call (and instantiation) may run before it is interrupted; null when the engine
    /// has no epoch interruption. The host's ticker turns this into wall-clock time.
    /// </summary>
    public ulong? EpochDeadlineTicks { get; init; }

    /// <summary>
    /// Wall-clock time a call may take, host calls included; null for no bound. Epoch interruption
    /// cannot stop a guest blocked in a host function (a connect, a <c>recv</c> wait, a request), so
    /// when this passes during a call the instance's host calls are cancelled (they return <c>io</c>)
    /// and the call ends as timed out, failing the instance, even if the guest then returns normally.
    /// </summary>
    public TimeSpan? CallTimeout { get; init; }

    /// <summary>
    /// The clock <see cref="CallTimeout"/> is measured on; tests pass a fake one to fire the budget at a
    /// moment of their choosing. Epoch deadlines follow the engine's ticker instead.
    /// </summary>
    public TimeProvider CallClock { get; init; } = TimeProvider.System;

    /// <summary>The most any one linear memory of the instance may grow to; null for no bound.</summary>
    public long? MemoryLimitBytes { get; init; }

    internal void ApplyTo(Store store, CallGuard guard)
    {
        if (MemoryLimitBytes is { } bytes)
        {
            store.SetLimits(memorySize: bytes);
        }

        if (EpochDeadlineTicks is not null)
        {
            store.SetEpochDeadlineCallback(guard.OnEpochDeadline);
        }

        ArmDeadline(store, guard);
    }

    internal void ArmDeadline(Store store, CallGuard guard)
    {
        if (EpochDeadlineTicks is { } ticks)
        {
            guard.Arm(store, ticks);
        }
    }
}
