using System.Diagnostics;
using System.Diagnostics.Metrics;
using Yoi.Runtime.Hosting;

namespace Yoi.Runtime.Services;

/// <summary>
/// The service driver's instruments on the <c>Yoi.Runtime</c> meter: events handled (tag <c>kind</c>),
/// the <c>handle</c> duration histogram (seconds, tag <c>kind</c>), failures (tag <c>reason</c>:
/// <see cref="ServiceFailureKind"/>), restarts. One per <see cref="Hosting.PluginHost"/>.
/// </summary>
internal sealed class ServiceMetrics : IDisposable
{
    private readonly Counter<long> _events;
    private readonly Histogram<double> _handleDuration;
    private readonly Counter<long> _failures;
    private readonly Counter<long> _restarts;

    public ServiceMetrics(IMeterFactory? meters)
    {
        Meter = meters?.Create(RuntimeTelemetry.Name) ?? new Meter(RuntimeTelemetry.Name);
        _events = Meter.CreateCounter<long>("yoi.service.events", "{event}", "Events handled by plugin services, by kind");
        _handleDuration = Meter.CreateHistogram<double>("yoi.service.handle.duration", "s", "How long each handle call took");
        _failures = Meter.CreateCounter<long>("yoi.service.failures", "{failure}", "Service instances that failed, by reason");
        _restarts = Meter.CreateCounter<long>("yoi.service.restarts", "{restart}", "Service instances started again after a failure");
    }

    public Meter Meter { get; }

    public void Handled(string kind, TimeSpan duration)
    {
        var tag = new KeyValuePair<string, object?>("kind", kind);
        _events.Add(1, tag);
        _handleDuration.Record(duration.TotalSeconds, tag);
    }

    public void Failed(ServiceFailureKind kind) => _failures.Add(1, new KeyValuePair<string, object?>("reason", kind.ToString()));

    public void Restarted() => _restarts.Add(1);

    public void Dispose() => Meter.Dispose();
}

/// <summary>The runtime's <see cref="ActivitySource"/>: spans for calls into plugins and for the host calls they make.</summary>
public static class RuntimeTelemetry
{
    /// <summary>The name of the runtime's meter and activity source.</summary>
    public const string Name = "Yoi.Runtime";

    /// <summary>
    /// Spans <c>yoi.plugin.call</c> (tags <c>yoi.instance</c>, <c>yoi.export</c>) and <c>yoi.host.call</c>
    /// (tags <c>yoi.instance</c>, <c>yoi.api</c>, <c>yoi.function</c>). A failed call has status Error
    /// with <c>error.type</c> naming only the case (<c>denied</c>, <c>timeout</c>, <c>trapped</c>, ...):
    /// never a message, a URL or data, so nothing a plugin sent or a secret can reach a trace.
    /// </summary>
    public static ActivitySource Source { get; } = new(Name);

    internal static Activity? PluginCall(string instance, string export)
    {
        var activity = Source.StartActivity("yoi.plugin.call", ActivityKind.Internal);
        activity?.SetTag("yoi.instance", instance);
        activity?.SetTag("yoi.export", export);
        return activity;
    }

    internal static Activity? HostCall(string instance, string api, string function)
    {
        var activity = Source.StartActivity("yoi.host.call", ActivityKind.Internal);
        activity?.SetTag("yoi.instance", instance);
        activity?.SetTag("yoi.api", api);
        activity?.SetTag("yoi.function", function);
        return activity;
    }

    /// <summary>Marks a host call that returned <paramref name="error"/> to the guest: its case only.</summary>
    internal static void Failed(Activity? activity, HostError error)
    {
        if (activity is not null)
        {
            Failed(activity, CaseOf(error));
        }
    }

    /// <summary>Marks a call into a guest that threw: a trap, a time-out, an instance no longer running, or a host bug.</summary>
    internal static void Failed(Activity? activity, Exception error)
    {
        if (activity is not null)
        {
            Failed(activity, error switch
            {
                PluginTrappedException { TimedOut: true } => "timed-out",
                PluginTrappedException => "trapped",
                PluginInstanceUnavailableException => "unavailable",
                _ => "host-bug",
            });
        }
    }

    /// <summary>As <see cref="Failed(Activity?, Exception)"/>, returning false: for an exception filter that catches nothing.</summary>
    internal static bool Threw(Activity? activity, Exception error)
    {
        Failed(activity, error);
        return false;
    }

    private static void Failed(Activity activity, string errorType)
    {
        activity.SetStatus(ActivityStatusCode.Error, errorType);
        activity.SetTag("error.type", errorType);
    }

    /// <summary>The <c>host-error</c> case name, as WIT spells it.</summary>
    private static string CaseOf(HostError error) => error switch
    {
        HostError.Denied => "denied",
        HostError.Limit => "limit",
        HostError.InvalidHandle => "invalid-handle",
        HostError.Timeout => "timeout",
        HostError.Io => "io",
        HostError.InvalidArgument => "invalid-argument",
        _ => "unknown",
    };
}
