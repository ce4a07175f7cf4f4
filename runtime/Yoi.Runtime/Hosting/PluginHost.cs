using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wasmtime;
using Yoi.Runtime.HostApis;
using Yoi.Runtime.Plugins;
using Yoi.Runtime.Policy;
using Yoi.Runtime.Requests;
using Yoi.Runtime.Services;
using Yoi.Runtime.WebSockets;
using Yoi.Wit.Bindings;

namespace Yoi.Runtime.Hosting;

/// <summary>
/// Loads and runs <c>yoi:host/plugin</c> components (one-shot <c>run</c> calls) and
/// <c>yoi:host/service</c> components (long-lived <see cref="PluginService"/>s). One engine (with epoch
/// interruption for call time limits), one compiled-component cache, one WebSocket pool; any number of
/// plugin instances and services, each instance with its own store, handle table and bounds.
/// Disposing the host stops every service and instance.
/// </summary>
public sealed partial class PluginHost : IAsyncDisposable
{
    /// <summary>The world of a one-shot plugin.</summary>
    public const string PluginWorld = "yoi:host/plugin";

    /// <summary>The world of a long-lived, event-driven plugin service.</summary>
    public const string ServiceWorld = "yoi:host/service";

    private readonly PluginHostOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly IHostResolver? _resolver;
    private readonly Engine _engine;
    private readonly ITimer _epochTicker;
    private readonly List<PluginInstance> _instances = [];
    private readonly List<PluginService> _services = [];
    private readonly ServiceMetrics _serviceMetrics;
    private readonly GuestCallScheduler _guestThreads;
    private int _instanceCounter;
    private bool _disposed;

    /// <param name="meters">Where the host's service instruments are created (a Generic Host passes its
    /// <see cref="IMeterFactory"/>); null for a meter of the host's own.</param>
    public PluginHost(PluginHostOptions? options = null, ILoggerFactory? loggers = null, TimeProvider? time = null, IHostResolver? resolver = null, IMeterFactory? meters = null)
    {
        _options = options ?? PluginHostOptions.Default;
        if (_options.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        _loggers = loggers ?? NullLoggerFactory.Instance;
        _logger = _loggers.CreateLogger<PluginHost>();
        _time = time ?? TimeProvider.System;
        _resolver = resolver;
        _engine = new Engine(new Config().WithEpochInterruption(true));

        // Epochs measure wall-clock time, so the ticker runs on the real clock even under a test TimeProvider.
        _epochTicker = TimeProvider.System.CreateTimer(_ => _engine.IncrementEpoch(), null, _options.EpochTick, _options.EpochTick);
        Cache = new CompiledComponentCache(_engine, "epoch-interruption", _options.CacheDirectory);
        WebSockets = new WebSocketHost(_options.WebSockets, _loggers.CreateLogger<WebSocketHost>(), _time, resolver, _options.Tls);
        _serviceMetrics = new ServiceMetrics(meters);
        _guestThreads = new GuestCallScheduler(GuestCallScheduler.DefaultThreads);
    }

    public CompiledComponentCache Cache { get; }

    public WebSocketHost WebSockets { get; }

    /// <summary>Threads made so far to call into service guests (shared by every service; never one per service).</summary>
    public int GuestThreadCount => _guestThreads.ThreadCount;

    /// <summary>The instances started and not yet stopped.</summary>
    public IReadOnlyList<PluginInstance> Instances
    {
        get
        {
            lock (_instances)
            {
                return _instances.Where(i => i.State == PluginInstanceState.Running).ToList();
            }
        }
    }

    /// <summary>The services started and not yet ended.</summary>
    public IReadOnlyList<PluginService> Services
    {
        get
        {
            lock (_services)
            {
                return _services.Where(s => !s.Completion.IsCompleted).ToList();
            }
        }
    }

    /// <summary>
    /// Reads the plugin folder, binds its grant (id, version and component digest must all match),
    /// checks its world, and compiles its component (or takes it from the cache).
    /// </summary>
    public Result<LoadedPlugin, IReadOnlyList<string>> Load(string directory, string grantsPath)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!PluginDirectory.LoadWithContent(directory).TryGetValue(out var read, out var loadErrors))
        {
            return Fail(loadErrors);
        }

        // The bytes compiled are the bytes hashed: reading the file again would let a component swapped
        // in meanwhile run under (and be cached as) the granted digest.
        var (plugin, bytes) = read;

        if (!plugin.BindGrants(grantsPath).TryGetValue(out var policy, out var grantErrors))
        {
            return Fail(grantErrors);
        }

        var world = plugin.Manifest.World;
        if (!IsWorld(world, PluginWorld) && !IsWorld(world, ServiceWorld))
        {
            return Fail([$"{plugin.Manifest.File}: error: runtime.world is '{world}', but this host runs only '{PluginWorld}' and '{ServiceWorld}'"]);
        }

        try
        {
            var isText = plugin.ComponentPath.EndsWith(".wat", StringComparison.OrdinalIgnoreCase);
            int before = Cache.Compilations;
            var component = Cache.GetOrCompile(plugin.ComponentDigest, bytes, isText);
            Log.Loaded(_logger, plugin.Manifest.Id, plugin.Manifest.Version.ToString(), plugin.ComponentDigest.ToString(), Cache.Compilations > before ? "compiled" : "cached");
            return Result<LoadedPlugin, IReadOnlyList<string>>.Ok(new LoadedPlugin(plugin, policy, component));
        }
        catch (Exception e) when (e is WasmtimeException or IOException or UnauthorizedAccessException)
        {
            return Fail([$"{plugin.ComponentPath}: error: not a loadable component: {FirstLine(e.Message)}"]);
        }
    }

    /// <summary>
    /// Starts a new instance of <paramref name="plugin"/>: only the APIs both requested and granted are
    /// linked, so a component importing anything else is refused with the import named.
    /// </summary>
    public Result<PluginInstance, string> Start(LoadedPlugin plugin)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(plugin);
        if (plugin.IsService)
        {
            return Result<PluginInstance, string>.Fail($"plugin '{plugin.Id}' is a service ({ServiceWorld}): start it with StartServiceAsync");
        }

        return StartInstance(plugin, $"{plugin.Id}#{Interlocked.Increment(ref _instanceCounter)}", timers: null, _options.CallTimeout);
    }

    /// <summary>
    /// Starts <paramref name="plugin"/> (a <c>yoi:host/service</c>) as a long-lived service: a new instance,
    /// then its <c>start</c> with <paramref name="config"/>. Returns once <c>start</c> has returned ok; the
    /// failure (the instance refused, <c>start</c>'s err, a trap or time-out) otherwise. Many services
    /// share this host's engine, compiled components and socket pool.
    /// </summary>
    /// <param name="observe">Called with the service before its first instance is made, to add handlers to
    /// <see cref="PluginService.StateChanged"/> and <see cref="PluginService.EventHandled"/> that hear
    /// every change from the first (<c>starting</c> to <c>running</c>, or to <c>failed</c>). It must only
    /// subscribe: the service is not started yet.</param>
    public async Task<Result<PluginService, ServiceFailure>> StartServiceAsync(LoadedPlugin plugin, string config = "", ServiceOptions? options = null, Action<PluginService>? observe = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(plugin);
        ArgumentNullException.ThrowIfNull(config);
        options ??= ServiceOptions.Default;
        if (options.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(options));
        }

        if (!plugin.IsService)
        {
            return Result<PluginService, ServiceFailure>.Fail(new ServiceFailure(ServiceFailureKind.StartRefused, "start",
                $"plugin '{plugin.Id}' targets {PluginWorld}, not {ServiceWorld}: run it with Run"));
        }

        var name = $"{plugin.Id}#{Interlocked.Increment(ref _instanceCounter)}";
        var longest = options.StartTimeout > options.CallTimeout ? options.StartTimeout : options.CallTimeout;
        var started = await PluginService.StartAsync(
            name,
            plugin.Id,
            (instanceName, timers) => StartInstance(plugin, instanceName, timers, longest),
            config,
            options,
            _serviceMetrics,
            _guestThreads,
            _loggers.CreateLogger<PluginService>(),
            observe).ConfigureAwait(false);
        if (started.TryGetValue(out var service, out _))
        {
            lock (_services)
            {
                _services.RemoveAll(s => s.Completion.IsCompleted);
                _services.Add(service);
            }
        }

        return started;
    }

    /// <summary>
    /// A new instance with only the APIs both requested and granted linked (and, for a service, its
    /// timers); <paramref name="callTimeout"/> is its longest call, which sets its epoch deadline.
    /// </summary>
    private Result<PluginInstance, string> StartInstance(LoadedPlugin plugin, string name, ServiceTimers? timers, TimeSpan callTimeout)
    {
        var requestPolicy = new PluginRequestPolicy(plugin.Policy);
        var options = new PluginInstanceOptions
        {
            LinkWebSocket = plugin.Allows(HostApi.WebSocket),
            LinkRequest = plugin.Allows(HostApi.Request),
            RequestFactory = stopping => new RequestApi(
                new HttpRequestSender(requestPolicy, name, _options.Requests, _resolver, _loggers.CreateLogger<HttpRequestSender>(), _time, _options.Tls),
                stopping),
            EpochDeadlineTicks = (ulong)Math.Ceiling(callTimeout / _options.EpochTick),
            CallTimeout = callTimeout,
            MemoryLimitBytes = _options.MemoryLimitBytes,
        };

        try
        {
            var policy = new PluginWebSocketPolicy(plugin.Policy);
            var instance = timers is null
                ? PluginInstance.Start(_engine, plugin.Component, WebSockets, policy, name, options: options)
                : PluginInstance.StartService(_engine, plugin.Component, WebSockets, policy, name, new TimersApi(name, timers), options);
            lock (_instances)
            {
                _instances.RemoveAll(i => i.State != PluginInstanceState.Running);
                _instances.Add(instance);
            }

            Log.Started(_logger, name);
            return Result<PluginInstance, string>.Ok(instance);
        }
        catch (PluginStartException e)
        {
            var message = ExplainStartFailure(plugin, e);
            Log.StartRefused(_logger, name, message);
            return Result<PluginInstance, string>.Fail(message);
        }
    }

    private static bool IsWorld(string world, string expected) =>
        world == expected || world.StartsWith(expected + "@", StringComparison.Ordinal);

    /// <summary>Calls the plugin's <c>run</c> export. A trap or time-out is a value here, and fails only that instance.</summary>
    public Result<WitResult<string, string>, PluginCallError> Run(PluginInstance instance, string input)
    {
        try
        {
            return Result<WitResult<string, string>, PluginCallError>.Ok(instance.Run(input));
        }
        catch (PluginTrappedException e)
        {
            var error = e.TimedOut
                ? new PluginCallError(PluginCallErrorKind.TimedOut, $"the call ran longer than {_options.CallTimeout.TotalSeconds:0.###} s and was interrupted")
                : new PluginCallError(PluginCallErrorKind.Trapped, instance.FailureReason is { } reason ? LastLine(reason) : e.Message);
            Log.Failed(_logger, instance.Name, error.ToString());
            return Result<WitResult<string, string>, PluginCallError>.Fail(error);
        }
        catch (PluginInstanceUnavailableException e)
        {
            return Result<WitResult<string, string>, PluginCallError>.Fail(new PluginCallError(PluginCallErrorKind.Unavailable, e.Message));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        List<PluginService> services;
        lock (_services)
        {
            services = [.. _services];
            _services.Clear();
        }

        // A service's stop sequence (its stopping event and stop call) runs before instances are torn down.
        await Task.WhenAll(services.Select(s => s.StopAsync())).ConfigureAwait(false);

        List<PluginInstance> instances;
        lock (_instances)
        {
            instances = [.. _instances];
            _instances.Clear();
        }

        foreach (var instance in instances)
        {
            await instance.StopAsync().ConfigureAwait(false);
        }

        // Stopping ends a call running Wasm code at the next epoch tick and cancels host calls: wait for
        // those calls to return before the engine, the components and the ticker go.
        var released = Task.WhenAll(instances.Select(i => i.Released));
        if (await Task.WhenAny(released, Task.Delay(ReleaseWait)).ConfigureAwait(false) != released)
        {
            // A call is stuck in a host function past every bound; disposing the engine under it would be
            // worse than leaking it.
            Log.DisposeIncomplete(_logger, instances.Count(i => !i.Released.IsCompleted));
            await WebSockets.DisposeAsync().ConfigureAwait(false);
            return;
        }

        await WebSockets.DisposeAsync().ConfigureAwait(false);
        _serviceMetrics.Dispose();
        _guestThreads.Dispose();
        await _epochTicker.DisposeAsync().ConfigureAwait(false);
        Cache.Dispose();
        _engine.Dispose();
    }

    /// <summary>How long disposal waits for interrupted calls to return.</summary>
    private static readonly TimeSpan ReleaseWait = TimeSpan.FromSeconds(30);

    /// <summary>Turns Wasmtime's link error into one that names the import and why it is missing.</summary>
    private static string ExplainStartFailure(LoadedPlugin plugin, PluginStartException failure)
    {
        var text = failure.InnerException?.Message ?? failure.Message;
        var match = MissingImportPattern().Match(text);
        if (!match.Success)
        {
            return $"plugin '{plugin.Id}' could not start: {FirstLine(text)}";
        }

        var import = match.Groups["name"].Value;
        foreach (var api in new[] { HostApi.WebSocket, HostApi.Request })
        {
            if (import.StartsWith($"yoi:host/{api.Name()}@", StringComparison.Ordinal))
            {
                return plugin.Directory.Manifest.HostApis.Contains(api)
                    ? $"plugin '{plugin.Id}' imports {import}, but its grant does not include '{api.Name()}'"
                    : $"plugin '{plugin.Id}' imports {import}, but its manifest does not request '{api.Name()}' in [permissions] host_api";
            }
        }

        return $"plugin '{plugin.Id}' imports {import}, which this host does not provide (plugins may import only yoi:host interfaces)";
    }

    private static Result<LoadedPlugin, IReadOnlyList<string>> Fail(IReadOnlyList<string> problems) =>
        Result<LoadedPlugin, IReadOnlyList<string>>.Fail(problems);

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? text;

    [GeneratedRegex(@"import(?:s)? (?:instance|function|type|module|component)? ?`(?<name>[^`]+)`")]
    private static partial Regex MissingImportPattern();

    private static partial class Log
    {
        [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Loaded plugin {Id} {Version} ({Digest}): {How}")]
        public static partial void Loaded(ILogger logger, string id, string version, string digest, string how);

        [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Started plugin instance {Instance}")]
        public static partial void Started(ILogger logger, string instance);

        [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "Refused to start plugin instance {Instance}: {Reason}")]
        public static partial void StartRefused(ILogger logger, string instance, string reason);

        [LoggerMessage(EventId = 5004, Level = LogLevel.Warning, Message = "Plugin instance {Instance} failed: {Reason}")]
        public static partial void Failed(ILogger logger, string instance, string reason);

        [LoggerMessage(EventId = 5005, Level = LogLevel.Error, Message = "{Count} plugin call(s) did not return after the host stopped them; the engine is left undisposed")]
        public static partial void DisposeIncomplete(ILogger logger, int count);
    }
}
