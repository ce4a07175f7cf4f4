using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yoi.Runtime.Hosting;
using Yoi.Runtime.Services;

namespace Yoi.Runtime.GenericHost;

/// <summary>
/// Starts the configured plugin services with the host and stops them with it. Start loads each
/// service (its folder and grant, as <see cref="PluginHost.Load"/> does) and starts it, in
/// configuration order; any failure stops the ones already started and fails the host's start with a
/// <see cref="PluginServiceStartException"/>. Stop runs every service's stop sequence at once, within
/// the host's shutdown token. A service that ends failed later is logged (and stops the application
/// when its options say so); the application can await <see cref="PluginService.Completion"/> itself.
/// </summary>
internal sealed partial class PluginServicesHostedService(
    PluginHost host,
    PluginServiceRegistry registry,
    IOptions<YoiPluginsOptions> options,
    PluginPaths paths,
    TimeProvider time,
    ILogger<PluginServicesHostedService> logger,
    IHostApplicationLifetime? lifetime) : IHostedService
{
    private volatile bool _stopping;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        foreach (var (name, service) in settings.Services)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                await StopStartedAsync().ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }

            // Validated on start already; a failure here means validation did not run (no ValidateOnStart).
            if (!RuntimeOptionsBuilder.Service(settings, name, service, time).TryGetValue(out var serviceOptions, out var problems))
            {
                throw await StartFailureAsync(name, $"plugin service '{name}' is misconfigured: {string.Join("; ", problems)}").ConfigureAwait(false);
            }

            var directory = paths.Resolve(service.Directory!);
            var grants = paths.Resolve(service.Grants!);
            if (!host.Load(directory, grants).TryGetValue(out var plugin, out var errors))
            {
                foreach (var error in errors)
                {
                    Log.LoadError(logger, name, error);
                }

                throw await StartFailureAsync(name, $"plugin service '{name}' could not be loaded from '{directory}' with grants '{grants}':"
                    + string.Concat(errors.Select(error => $"{Environment.NewLine}  {error}"))).ConfigureAwait(false);
            }

            var started = await host.StartServiceAsync(plugin, service.Config ?? "", serviceOptions).ConfigureAwait(false);
            if (!started.TryGetValue(out var running, out var failure))
            {
                Log.StartFailed(logger, name, failure.ToString());
                throw await StartFailureAsync(name, $"plugin service '{name}' ({plugin.Id}) did not start: {failure}").ConfigureAwait(false);
            }

            registry.Add(name, running);
            Log.Started(logger, name, running.Name, directory);
            _ = WatchAsync(name, running, service.StopApplicationOnFailure);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping = true;
        var services = registry.All;
        var stopping = Task.WhenAll(services.Select(entry => entry.Value.StopAsync()));
        try
        {
            await stopping.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Each stop sequence is bounded (grace plus call bounds); disposing the plugin host waits for the rest.
            Log.StopIncomplete(logger, services.Count(entry => !entry.Value.Completion.IsCompleted));
        }
    }

    /// <summary>Logs how a service ended; a failure no restart can fix may stop the application.</summary>
    private async Task WatchAsync(string name, PluginService service, bool stopApplicationOnFailure)
    {
        var outcome = await service.Completion.ConfigureAwait(false);
        if (outcome.State != ServiceState.Failed)
        {
            Log.Ended(logger, name, outcome.State.ToString());
            return;
        }

        Log.EndedFailed(logger, name, outcome.Failure?.ToString() ?? "unknown", outcome.Restarts);
        if (stopApplicationOnFailure && !_stopping && lifetime is not null)
        {
            Log.StoppingApplication(logger, name);
            lifetime.StopApplication();
        }
    }

    /// <summary>Stops what started before <paramref name="name"/> failed; returns what fails the host's start.</summary>
    private async Task<PluginServiceStartException> StartFailureAsync(string name, string message)
    {
        await StopStartedAsync().ConfigureAwait(false);
        return new PluginServiceStartException(name, message);
    }

    private async Task StopStartedAsync()
    {
        _stopping = true;
        await Task.WhenAll(registry.All.Select(entry => entry.Value.StopAsync())).ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Plugin service {Name} started as {Service} from {Directory}")]
        public static partial void Started(ILogger logger, string name, string service, string directory);

        [LoggerMessage(EventId = 7002, Level = LogLevel.Error, Message = "Plugin service {Name}: {Error}")]
        public static partial void LoadError(ILogger logger, string name, string error);

        [LoggerMessage(EventId = 7003, Level = LogLevel.Error, Message = "Plugin service {Name} did not start: {Failure}")]
        public static partial void StartFailed(ILogger logger, string name, string failure);

        [LoggerMessage(EventId = 7004, Level = LogLevel.Information, Message = "Plugin service {Name} ended: {State}")]
        public static partial void Ended(ILogger logger, string name, string state);

        [LoggerMessage(EventId = 7005, Level = LogLevel.Error, Message = "Plugin service {Name} ended failed after {Restarts} restart(s): {Failure}")]
        public static partial void EndedFailed(ILogger logger, string name, string failure, int restarts);

        [LoggerMessage(EventId = 7006, Level = LogLevel.Critical, Message = "Plugin service {Name} failed with no restart left; stopping the application as configured")]
        public static partial void StoppingApplication(ILogger logger, string name);

        [LoggerMessage(EventId = 7007, Level = LogLevel.Warning, Message = "{Count} plugin service(s) had not stopped when the host's shutdown time ran out")]
        public static partial void StopIncomplete(ILogger logger, int count);
    }
}
