using System.CommandLine;
using Microsoft.Extensions.Logging;
using Yoi.Cli.Output;
using Yoi.Runtime.Hosting;
using Yoi.Runtime.Services;

namespace Yoi.Cli.Commands;

/// <summary>
/// <c>yoi plugin serve DIR --grants FILE [--config TEXT] [--for DURATION] ...</c>: loads a
/// <c>yoi:host/service</c> plugin against its grant, starts it, prints each state change as it happens,
/// and runs it until a stop is asked for (Ctrl-C, SIGTERM, the caller's token) or <c>--for</c> has
/// passed; then stops it cleanly (the <c>stopping</c> event, the grace, <c>stop</c>, every connection
/// closed) and prints the outcome and the sockets left open.
/// </summary>
public static class ServeCommand
{
    private const string Description = """
        Run a service plugin (yoi:host/service) until Ctrl-C, SIGTERM or --for, printing its state changes.

        Exit codes: 0 the service was stopped cleanly (by a signal or --for); 1 it failed with no restart
        left, failed to start, failed during its stop (the stopping event's err, a trap or time-out), or
        could not be loaded (manifest, grants, component, CA file, not a service); 2 usage errors (bad
        arguments or durations).
        """;

    /// <summary>The restart policy's own first wait.</summary>
    private static readonly TimeSpan DefaultBackoff = new ServiceRestartPolicy().Backoff;

    /// <param name="stop">In-process callers' stop request; null to listen for SIGINT and SIGTERM.</param>
    public static Command Create(TextWriter output, TextWriter error, CancellationToken? stop = null)
    {
        var directory = new Argument<string>("DIR") { Description = "The plugin directory (plugin.toml and its component)." };
        var grants = new Option<string>("--grants") { Description = "The user's grants file.", Required = true };
        var config = new Option<string>("--config") { Description = "The configuration text passed to the service's start.", DefaultValueFactory = _ => "", HelpName = "TEXT" };
        var runFor = Durations.Option("--for", "Stop the service after this long (500ms, 30s, 5m, 1h); default: until Ctrl-C or SIGTERM.");
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Also print every event handled (kind and duration) and log policy decisions to stderr." };
        var statusEvery = Durations.Option("--status-every", "Ask the service for its status this often and print its health and detail.");
        var callTimeout = Durations.Option("--call-timeout", $"Wall-clock bound of each handle, invoke, status and stop call (default {Durations.Format(ServiceOptions.Default.CallTimeout)}).");
        var stopGrace = Durations.Option("--stop-grace", $"After the stopping event, how long to keep handling events while the service still has connections or timers (default {Durations.Format(ServiceOptions.Default.StopGrace)}).", allowZero: true);
        var restart = new Option<int>("--restart") { Description = "Start the service again as a new instance after a failure, at most N times (default 0).", HelpName = "N" };
        var backoff = Durations.Option("--backoff", $"With --restart: the wait before the first restart, doubling for each next one (default {Durations.Format(DefaultBackoff)}).", allowZero: true);
        var noCache = new Option<bool>("--no-cache") { Description = "Do not keep compiled components on disk between runs." };
        var tls = new TlsCommandOptions();

        restart.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0)
            {
                result.AddError($"--restart: '{result.Tokens[0].Value}' must not be negative");
            }
        });

        var serve = new Command("serve", Description)
        {
            directory, grants, config, runFor, verbose, statusEvery, callTimeout, stopGrace, restart, backoff, noCache,
        };
        tls.AddTo(serve);
        serve.Validators.Add(result =>
        {
            if (result.GetResult(backoff) is not null && result.GetValue(restart) == 0)
            {
                result.AddError("--backoff applies only with --restart N (N above 0)");
            }
        });

        serve.SetAction(async (parseResult, cancellationToken) =>
        {
            using var stopSignal = StopSignal.Listen(stop);
            using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stopSignal.Token, cancellationToken);
            var isVerbose = parseResult.GetValue(verbose);

            // The command prints the service's state changes and events itself; the driver's own log
            // lines would repeat them.
            using var loggers = LoggerFactory.Create(builder => builder
                .SetMinimumLevel(isVerbose ? LogLevel.Information : LogLevel.Warning)
                .AddFilter(typeof(PluginService).FullName, LogLevel.Error)
                .AddProvider(new TextWriterLoggerProvider(error)));
            if (!tls.Read(parseResult).TryGetValue(out var tlsOptions, out var tlsProblem))
            {
                return YoiApp.Fail(error, [tlsProblem]);
            }

            var options = new PluginHostOptions
            {
                CacheDirectory = parseResult.GetValue(noCache) ? null : ComponentCacheDirectory.Default(),
                Tls = tlsOptions,
            };
            await using var host = new PluginHost(options, loggers);
            if (!host.Load(parseResult.GetValue(directory)!, parseResult.GetValue(grants)!).TryGetValue(out var plugin, out var loadErrors))
            {
                return YoiApp.Fail(error, loadErrors);
            }

            var manifest = plugin.Directory.Manifest;
            if (!plugin.IsService)
            {
                return YoiApp.Fail(error, [
                    $"{manifest.File}: error: plugin '{plugin.Id}' is a one-shot plugin ({manifest.World}), not a service ({PluginHost.ServiceWorld}): run it with 'yoi plugin run'"]);
            }

            var restarts = parseResult.GetValue(restart);
            var serviceOptions = new ServiceOptions
            {
                CallTimeout = parseResult.GetValue(callTimeout) ?? ServiceOptions.Default.CallTimeout,
                StopGrace = parseResult.GetValue(stopGrace) ?? ServiceOptions.Default.StopGrace,
                Restart = restarts == 0
                    ? ServiceRestartPolicy.None
                    : ServiceRestartPolicy.OnFailure(restarts, parseResult.GetValue(backoff) ?? DefaultBackoff),
            };
            if (serviceOptions.Validate() is { } problem)
            {
                error.WriteEscapedLine($"yoi: {problem}");
                return YoiApp.UsageError;
            }

            var runLimit = parseResult.GetValue(runFor);
            var log = new ServeLog(output);
            log.Plain($"serving {plugin.Id} {manifest.Version} ({manifest.World}) {(runLimit is { } limit ? $"for {Durations.Format(limit)}" : "until Ctrl-C or SIGTERM")}");

            ServiceStateChange? last = null;
            var started = await host.StartServiceAsync(plugin, parseResult.GetValue(config)!, serviceOptions, service =>
            {
                service.StateChanged += (_, change) =>
                {
                    log.StateChanged(change);
                    Volatile.Write(ref last, change);
                };
                if (isVerbose)
                {
                    service.EventHandled += (_, handled) => log.EventHandled(handled);
                }
            });
            if (!started.TryGetValue(out var running, out var startFailure))
            {
                log.Plain($"failed to start after {ServeLog.Seconds(log.Elapsed)}s: {startFailure}; open sockets: {host.WebSockets.ConnectionCount}");
                error.WriteEscapedLine($"the service failed to start: {startFailure}");
                return YoiApp.Failure;
            }

            using var endStatus = new CancellationTokenSource();
            var statusLoop = parseResult.GetValue(statusEvery) is { } every
                ? PollStatusAsync(running, every, log, endStatus.Token)
                : Task.CompletedTask;

            var why = await WaitForStopAsync(running, runLimit, stopping.Token);
            var outcome = why is null ? await running.Completion : await running.StopAsync();
            await endStatus.CancelAsync();
            await statusLoop;

            var after = ServeLog.Seconds(log.Elapsed);
            var tail = $"restarts: {outcome.Restarts}; open sockets: {host.WebSockets.ConnectionCount}";

            // Stopping -> stopped with a failure: the stop sequence itself failed (a failure met while
            // restarting is reported from restarting instead).
            if (outcome.State == ServiceState.Stopped && Volatile.Read(ref last) is { From: ServiceState.Stopping, Failure: { } broken })
            {
                log.Plain($"stopped after {after}s ({why ?? "stop requested"}), but not cleanly: {broken}; {tail}");
                error.WriteEscapedLine($"the service failed while stopping: {broken}");
                return YoiApp.Failure;
            }

            if (outcome.State == ServiceState.Stopped)
            {
                log.Plain($"stopped after {after}s ({why ?? "stop requested"}); {tail}");
                return YoiApp.Success;
            }

            log.Plain($"failed after {after}s: {outcome.Failure}; {tail}");
            error.WriteEscapedLine($"the service failed: {outcome.Failure}");
            return YoiApp.Failure;
        });

        return serve;
    }

    /// <summary>
    /// Waits for the service to end on its own (null), a stop request ("stop requested") or the end of
    /// <paramref name="runLimit"/> ("--for ... elapsed"), whichever comes first.
    /// </summary>
    private static async Task<string?> WaitForStopAsync(PluginService service, TimeSpan? runLimit, CancellationToken stop)
    {
        using var timeUp = new CancellationTokenSource();
        if (runLimit is { } limit)
        {
            timeUp.CancelAfter(limit);
        }

        var asked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var onStop = stop.Register(() => asked.TrySetResult());
        using var onTimeUp = timeUp.Token.Register(() => asked.TrySetResult());
        if (await Task.WhenAny(service.Completion, asked.Task) == service.Completion)
        {
            return null;
        }

        return stop.IsCancellationRequested ? "stop requested" : $"--for {Durations.Format(runLimit!.Value)} elapsed";
    }

    /// <summary>Asks for the service's status every <paramref name="every"/> (one call at a time) until <paramref name="end"/>.</summary>
    private static async Task PollStatusAsync(PluginService service, TimeSpan every, ServeLog log, CancellationToken end)
    {
        using var ticks = new PeriodicTimer(every);
        try
        {
            while (await ticks.WaitForNextTickAsync(end))
            {
                log.Status(await service.GetStatusAsync(end));
            }
        }
        catch (OperationCanceledException) when (end.IsCancellationRequested)
        {
            // The service has ended: so has the polling.
        }
    }
}
