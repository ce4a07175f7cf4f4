using System.Diagnostics;
using System.Globalization;
using Yoi.Host.ServiceTypes;
using Yoi.Runtime;
using Yoi.Runtime.Hosting;
using Yoi.Runtime.Services;

namespace Yoi.Cli.Output;

/// <summary>
/// What <c>yoi plugin serve</c> prints while a service runs: one line per state change, handled event
/// and status answer, each after the time since the service was started (<c>+1.234s</c>). Lines come
/// from the service's driver and the status loop at once, so each is written whole under one lock.
/// Failure texts, status details and names are the guest's or quote it: every line is escaped.
/// </summary>
internal sealed class ServeLog(TextWriter output)
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly Lock _gate = new();

    /// <summary>Time since this log (the service) was started.</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

    /// <summary><c>+0.012s  running -> failed: handle returned err: ...</c></summary>
    public void StateChanged(ServiceStateChange change) =>
        Line($"{Name(change.From)} -> {Name(change.To)}{(change.Failure is { } failure ? $": {failure}" : "")}");

    /// <summary><c>+0.105s  handled readable in 0.412 ms</c>: the kind and duration only, never data.</summary>
    public void EventHandled(ServiceEventHandled handled) =>
        Line($"handled {handled.Kind} in {Milliseconds(handled.Duration)} ms");

    /// <summary><c>+0.250s  status: healthy: detail</c>, or why the status call got no answer.</summary>
    public void Status(Result<ServiceStatus, PluginCallError> answer)
    {
        if (!answer.TryGetValue(out var status, out var refused))
        {
            Line($"status: no answer: {refused}");
            return;
        }

        var health = status.Health.ToString().ToLowerInvariant();
        Line(status.Detail.Length == 0 ? $"status: {health}" : $"status: {health}: {status.Detail}");
    }

    /// <summary>A line of the command's own, timed like the others.</summary>
    public void Line(string text)
    {
        var line = $"+{Seconds(Elapsed)}s  {text}";
        lock (_gate)
        {
            output.WriteEscapedLine(line);
        }
    }

    /// <summary>A line without a time (the header and the outcome), under the same lock.</summary>
    public void Plain(string text)
    {
        lock (_gate)
        {
            output.WriteEscapedLine(text);
        }
    }

    public static string Name(ServiceState state) => state.ToString().ToLowerInvariant();

    public static string Seconds(TimeSpan elapsed) => elapsed.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);

    private static string Milliseconds(TimeSpan duration) => duration.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture);
}
