namespace Yoi.Runtime.Services;

/// <summary>Where a <see cref="PluginService"/> is in its life.</summary>
public enum ServiceState
{
    /// <summary>An instance is being made and its <c>start</c> runs.</summary>
    Starting,

    /// <summary>Started: events, invokes and status calls are handled one at a time.</summary>
    Running,

    /// <summary>Failed, and waiting out the backoff before a new instance starts (the restart policy allows one).</summary>
    Restarting,

    /// <summary>A stop was asked for: the <c>stopping</c> event, the grace, <c>stop</c>, then everything closes.</summary>
    Stopping,

    /// <summary>Stopped as asked; terminal.</summary>
    Stopped,

    /// <summary>Failed with no restart left; terminal.</summary>
    Failed,
}

/// <summary>What ended a service instance.</summary>
public enum ServiceFailureKind
{
    /// <summary>The instance could not be made (e.g. it imports an API its grant does not include).</summary>
    StartRefused,

    /// <summary>A call trapped (a guest trap, or a host bug that trapped it).</summary>
    Trapped,

    /// <summary>A call ran past its wall-clock bound.</summary>
    TimedOut,

    /// <summary><c>start</c> or <c>handle</c> returned <c>err</c>.</summary>
    Error,
}

/// <summary>Why a service instance ended: what failed, in which call, and the text (the guest's <c>err</c>, the trap, the bound).</summary>
public sealed record ServiceFailure(ServiceFailureKind Kind, string Call, string Message)
{
    public override string ToString() => Kind switch
    {
        ServiceFailureKind.StartRefused => $"could not start: {Message}",
        ServiceFailureKind.Error => $"{Call} returned err: {Message}",
        ServiceFailureKind.TimedOut => $"{Call} timed out: {Message}",
        _ => $"{Call} trapped: {Message}",
    };
}

/// <summary>A service moved from one state to another; <see cref="Failure"/> says why when it failed.</summary>
public sealed record ServiceStateChange(string Service, ServiceState From, ServiceState To, ServiceFailure? Failure);

/// <summary>One event was handled (its kind only: events carry no data), and how long <c>handle</c> took.</summary>
public sealed record ServiceEventHandled(string Service, string Kind, TimeSpan Duration);

/// <summary>How a service ended: <see cref="ServiceState.Stopped"/> or <see cref="ServiceState.Failed"/>, the last failure, the restarts made.</summary>
public sealed record ServiceOutcome(ServiceState State, ServiceFailure? Failure, int Restarts);
