namespace Yoi.Runtime.Services;

/// <summary>
/// How a <see cref="PluginService"/> is driven and bounded, with the defaults the <c>service</c> world
/// documents. The instance's memory bound and the socket pool's bounds are the host's
/// (<see cref="Hosting.PluginHostOptions"/>).
/// </summary>
public sealed record ServiceOptions
{
    public static ServiceOptions Default { get; } = new();

    /// <summary>Wall-clock time each <c>handle</c>, <c>invoke</c>, <c>status</c> and <c>stop</c> call may take, host calls included.</summary>
    public TimeSpan CallTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Wall-clock time <c>start</c> may take (it usually opens a connection: the connect bound is 5 s).</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// After the <c>stopping</c> event, how long the host keeps handling events while the service still
    /// has an open connection or a pending timer, before it calls <c>stop</c>.
    /// </summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The <c>timers</c> interface's bounds.</summary>
    public TimerLimits Timers { get; init; } = TimerLimits.Default;

    /// <summary>
    /// <c>invoke</c> and <c>status</c> calls that may wait for their turn at once; more are refused to the
    /// host application (<see cref="Hosting.PluginCallErrorKind.Busy"/>), never queued without bound.
    /// </summary>
    public int MaxPendingCalls { get; init; } = 16;

    /// <summary>The most bytes of UTF-8 a status detail keeps; longer text is cut at a character boundary and marked with <c>…</c>.</summary>
    public int MaxStatusDetailBytes { get; init; } = 512;

    /// <summary>What happens when the service fails: nothing (the default), or a restart as a new instance.</summary>
    public ServiceRestartPolicy Restart { get; init; } = ServiceRestartPolicy.None;

    /// <summary>
    /// The clock for timers, the stop grace and restart backoff (tests pass a fake one to fast-forward).
    /// Call budgets always run on real time: they bound what the guest costs the host.
    /// </summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The first problem with these settings, or null.</summary>
    public string? Validate() =>
        CallTimeout <= TimeSpan.Zero ? "CallTimeout must be positive"
        : StartTimeout <= TimeSpan.Zero ? "StartTimeout must be positive"
        : StopGrace < TimeSpan.Zero ? "StopGrace must not be negative"
        : MaxPendingCalls < 1 ? "MaxPendingCalls must be at least 1"
        : MaxStatusDetailBytes < 16 ? "MaxStatusDetailBytes must be at least 16"
        : Timers.Validate() ?? Restart.Validate();
}

/// <summary>Bounds of the <c>timers</c> interface, per service instance.</summary>
public sealed record TimerLimits
{
    public static TimerLimits Default { get; } = new();

    /// <summary>Timers pending at once (set, not yet handled or cancelled).</summary>
    public int MaxPending { get; init; } = 32;

    /// <summary>The shortest delay <c>set</c> accepts: no service can make the host spin.</summary>
    public TimeSpan MinDelay { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>The longest delay <c>set</c> accepts.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromHours(1);

    public string? Validate() =>
        MaxPending < 1 ? "Timers.MaxPending must be at least 1"
        : MinDelay < TimeSpan.FromMilliseconds(1) || MinDelay > MaxDelay ? "Timers.MinDelay must be at least 1 ms and not above Timers.MaxDelay"
        : MaxDelay > TimeSpan.FromMilliseconds(uint.MaxValue) ? "Timers.MaxDelay must fit in a u32 of milliseconds"
        : null;
}

/// <summary>Whether and how a failed service is started again, as a new instance with the same configuration.</summary>
public sealed record ServiceRestartPolicy
{
    /// <summary>A failed service stays failed.</summary>
    public static ServiceRestartPolicy None { get; } = new() { MaxRestarts = 0 };

    /// <summary>Restarts after a failure, at most <paramref name="maxRestarts"/> times in the service's life,
    /// waiting <paramref name="backoff"/> before the first and doubling up to <paramref name="maxBackoff"/>.</summary>
    public static ServiceRestartPolicy OnFailure(int maxRestarts, TimeSpan backoff, TimeSpan? maxBackoff = null) =>
        new() { MaxRestarts = maxRestarts, Backoff = backoff, MaxBackoff = maxBackoff ?? TimeSpan.FromTicks(backoff.Ticks * 32) };

    /// <summary>Restarts allowed over the service's life; 0 for none.</summary>
    public int MaxRestarts { get; init; }

    /// <summary>The wait before the first restart.</summary>
    public TimeSpan Backoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between restarts (each wait doubles the last).</summary>
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The wait before restart number <paramref name="restart"/> (1 for the first).</summary>
    public TimeSpan DelayBefore(int restart)
    {
        var delay = Backoff;
        for (var i = 1; i < restart && delay < MaxBackoff; i++)
        {
            delay += delay;
        }

        return delay < MaxBackoff ? delay : MaxBackoff;
    }

    public string? Validate() =>
        MaxRestarts < 0 ? "Restart.MaxRestarts must not be negative"
        : Backoff < TimeSpan.Zero || MaxBackoff < Backoff ? "Restart.Backoff must not be negative or above Restart.MaxBackoff"
        : null;
}
