namespace Yoi.Runtime.Hosting;

public enum PluginCallErrorKind
{
    /// <summary>The guest trapped (or a host bug trapped it); the instance is now failed.</summary>
    Trapped,

    /// <summary>The call ran past the host's call time limit and was interrupted; the instance is now failed.</summary>
    TimedOut,

    /// <summary>The instance had already failed or been stopped (or, for a service, is stopping or restarting).</summary>
    Unavailable,

    /// <summary>A service has as many calls waiting as it may; nothing was queued.</summary>
    Busy,
}

/// <summary>Why a call into a plugin produced no result. The plugin's own <c>err</c> results are not this.</summary>
public sealed record PluginCallError(PluginCallErrorKind Kind, string Message)
{
    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()}: {Message}";
}
