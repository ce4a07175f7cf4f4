namespace Yoi.Runtime.GenericHost;

/// <summary>
/// One plugin service the host runs (<c>Yoi:Services:NAME</c>): which plugin folder, which grants
/// file, the configuration text its <c>start</c> receives, and its bounds. Unset bounds keep the
/// <c>service</c> world's defaults (<see cref="Services.ServiceOptions"/>).
/// </summary>
public sealed class PluginServiceOptions
{
    /// <summary>The plugin folder (holding <c>plugin.toml</c>); required. Relative to the content root.</summary>
    public string? Directory { get; set; }

    /// <summary>The grants file binding this plugin's id, version and digest; required. Relative to the content root.</summary>
    public string? Grants { get; set; }

    /// <summary>The text handed to the service's <c>start</c> (often JSON); empty when unset. Never a secret: secrets go in the grants file.</summary>
    public string? Config { get; set; }

    /// <summary>Wall-clock bound of each <c>handle</c>, <c>invoke</c>, <c>status</c> and <c>stop</c> call, host calls included (default 1 s).</summary>
    public TimeSpan? CallTimeout { get; set; }

    /// <summary>Wall-clock bound of <c>start</c> (default 10 s).</summary>
    public TimeSpan? StartTimeout { get; set; }

    /// <summary>After the <c>stopping</c> event, how long the service may keep connections or timers before <c>stop</c> (default 5 s).</summary>
    public TimeSpan? StopGrace { get; set; }

    /// <summary><c>invoke</c> and <c>status</c> calls that may wait at once (default 16).</summary>
    public int? MaxPendingCalls { get; set; }

    /// <summary>Whether a failed service is started again (default: never).</summary>
    public PluginRestartOptions Restart { get; set; } = new();

    /// <summary>
    /// When true, the service ending failed (no restart left) stops the whole application; otherwise the
    /// failure is logged and the application goes on (it can watch <see cref="Services.PluginService.Completion"/>).
    /// </summary>
    public bool StopApplicationOnFailure { get; set; }
}

/// <summary>A service's restart policy (<see cref="Services.ServiceRestartPolicy"/>): none unless <see cref="MaxRestarts"/> is above 0.</summary>
public sealed class PluginRestartOptions
{
    /// <summary>Restarts allowed over the service's life (default 0: a failed service stays failed).</summary>
    public int MaxRestarts { get; set; }

    /// <summary>The wait before the first restart (default 1 s); each later wait doubles the last.</summary>
    public TimeSpan? Backoff { get; set; }

    /// <summary>The longest wait between restarts (default 32 times <see cref="Backoff"/>).</summary>
    public TimeSpan? MaxBackoff { get; set; }
}
