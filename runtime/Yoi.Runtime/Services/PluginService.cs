using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using Yoi.Host;
using Yoi.Host.ServiceTypes;
using Yoi.Runtime.Hosting;
using Yoi.Wit.Bindings;

namespace Yoi.Runtime.Services;

/// <summary>
/// A running <c>yoi:host/service</c> plugin: its driver and the host application's handle on it.
/// </summary>
/// <remarks>
/// <para>The driver is one asynchronous loop per service. It waits, holding no thread, for work on the
/// current instance's <see cref="ServiceQueue"/>: a connection with an item for recv (the session's
/// readiness listener queues <c>readable</c>), a timer that fired, a call from the host application,
/// or a stop. It makes one call into the guest at a time, on the host's guest threads
/// (<see cref="GuestCallScheduler"/>, never the thread pool, which the host calls' asynchronous work
/// needs), each under its own wall-clock bound
/// (<see cref="ServiceOptions.CallTimeout"/>; <see cref="ServiceOptions.StartTimeout"/> for
/// <c>start</c>) and the instance's memory bound.</para>
/// <para>A trap, a time-out, or an <c>err</c> from <c>start</c> or <c>handle</c> fails the instance: its
/// connections close, its timers stop, waiting calls are refused, <see cref="StateChanged"/> reports it,
/// and then either the restart policy starts a new instance after its backoff, or
/// <see cref="Completion"/> completes with <see cref="ServiceState.Failed"/>.</para>
/// <para>A stop (<see cref="StopAsync"/>) hands the <c>stopping</c> event to the guest first, keeps
/// handling events until the guest has no connection and no timer left or
/// <see cref="ServiceOptions.StopGrace"/> has passed, calls <c>stop</c>, and closes whatever is left.</para>
/// </remarks>
public sealed partial class PluginService : IAsyncDisposable
{
    private readonly ServiceIncarnationFactory _startInstance;
    private readonly string _config;
    private readonly ServiceOptions _options;
    private readonly ServiceMetrics _metrics;
    private readonly GuestCallScheduler _guests;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource<ServiceOutcome> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();
    private readonly Queue<ServiceStateChange> _pendingReports = new();
    private bool _reporting;
    private bool _stopRequested; // under _gate
    private ServiceIncarnation? _current;
    private ServiceState _state = ServiceState.Starting;
    private ServiceFailure? _lastFailure;
    private int _restarts;
    private int _incarnations;

    private PluginService(string name, string pluginId, ServiceIncarnationFactory startInstance, string config, ServiceOptions options, ServiceMetrics metrics, GuestCallScheduler guests, ILogger logger)
    {
        _guests = guests;
        Name = name;
        PluginId = pluginId;
        _startInstance = startInstance;
        _config = config;
        _options = options;
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>The service's name in logs and events (the plugin id and a number).</summary>
    public string Name { get; }

    public string PluginId { get; }

    public ServiceState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>Why the last instance failed, or null.</summary>
    public ServiceFailure? LastFailure
    {
        get
        {
            lock (_gate)
            {
                return _lastFailure;
            }
        }
    }

    /// <summary>Instances started again after a failure.</summary>
    public int Restarts => Volatile.Read(ref _restarts);

    /// <summary>Completes when the service has ended for good: stopped, or failed with no restart left.</summary>
    public Task<ServiceOutcome> Completion => _completion.Task;

    /// <summary>
    /// Every state change, on the driver's own loop (in order; a handler should return quickly). A
    /// handler that throws is logged, never allowed to end the driver or to keep the others from hearing.
    /// </summary>
    public event EventHandler<ServiceStateChange>? StateChanged;

    /// <summary>Every event handed to <c>handle</c> (kind and duration only), on the driver's loop.</summary>
    public event EventHandler<ServiceEventHandled>? EventHandled;

    /// <summary>Sockets the current instance has open (0 between instances and after the end).</summary>
    public int OpenSocketCount => Volatile.Read(ref _current)?.Instance.WebSockets.OpenSocketCount ?? 0;

    /// <summary>The current instance, for tests and diagnostics.</summary>
    internal PluginInstance? Instance => Volatile.Read(ref _current)?.Instance;

    /// <summary>The current instance's queue, for tests of its bound.</summary>
    internal ServiceQueue? Queue => Volatile.Read(ref _current)?.Queue;

    /// <summary>
    /// Makes the first instance and calls its <c>start</c>. Fails (with the service already ended) when
    /// the instance cannot be made or <c>start</c> fails; the restart policy applies only once running.
    /// <paramref name="observe"/> sees the service first, so its handlers hear every state change.
    /// </summary>
    internal static async Task<Result<PluginService, ServiceFailure>> StartAsync(
        string name, string pluginId, ServiceIncarnationFactory startInstance, string config, ServiceOptions options, ServiceMetrics metrics, GuestCallScheduler guests, ILogger logger,
        Action<PluginService>? observe = null)
    {
        var service = new PluginService(name, pluginId, startInstance, config, options, metrics, guests, logger);
        observe?.Invoke(service);
        var first = await guests.Run(service.StartIncarnation).ConfigureAwait(false);
        if (!first.TryGetValue(out var incarnation, out var failure))
        {
            service.Finish(ServiceState.Failed, failure);
            return Result<PluginService, ServiceFailure>.Fail(failure);
        }

        service.Enter(ServiceState.Running, null, incarnation);
        service.StopIfAskedWhileStarting(incarnation);
        _ = Task.Run(() => service.RunAsync(incarnation));
        return Result<PluginService, ServiceFailure>.Ok(service);
    }

    /// <summary>A stop asked for while an instance was starting (it found no running instance) runs its stop sequence now.</summary>
    private void StopIfAskedWhileStarting(ServiceIncarnation started)
    {
        // Under the gate, after the move to Running: a StopAsync either saw Running (and stopped it
        // itself) or saw no running instance and left the flag for this check.
        lock (_gate)
        {
            if (!_stopRequested || _state != ServiceState.Running)
            {
                return;
            }

            Move(ServiceState.Stopping, null);
        }

        Report();
        started.Queue.RequestStop();
    }

    /// <summary>
    /// Calls the service's <c>invoke</c> in its turn. The guest's own <c>ok</c>/<c>err</c> is the value;
    /// <see cref="PluginCallErrorKind.Busy"/> when too many calls wait, <see cref="PluginCallErrorKind.Unavailable"/>
    /// when the service is not running, trapped or timed out when the call failed the service.
    /// <paramref name="cancellationToken"/> stops the waiting only: a call already queued still runs.
    /// </summary>
    public Task<Result<WitResult<string, string>, PluginCallError>> InvokeAsync(string request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var answer = new TaskCompletionSource<Result<WitResult<string, string>, PluginCallError>>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (Enqueue(new ServiceWork.Invoke(request, answer)) is { } refusal)
        {
            return Task.FromResult(Result<WitResult<string, string>, PluginCallError>.Fail(refusal));
        }

        return answer.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Calls the service's <c>status</c> in its turn; the detail is cut to <see cref="ServiceOptions.MaxStatusDetailBytes"/>.</summary>
    public Task<Result<ServiceStatus, PluginCallError>> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        var answer = new TaskCompletionSource<Result<ServiceStatus, PluginCallError>>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (Enqueue(new ServiceWork.Status(answer)) is { } refusal)
        {
            return Task.FromResult(Result<ServiceStatus, PluginCallError>.Fail(refusal));
        }

        return answer.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Stops the service (idempotent): the <c>stopping</c> event, the grace, <c>stop</c>, then every
    /// connection and timer closed. A service waiting to restart ends at once. Completes with the outcome.
    /// </summary>
    public Task<ServiceOutcome> StopAsync()
    {
        ServiceIncarnation? running;
        lock (_gate)
        {
            if (_stopRequested || _completion.Task.IsCompleted)
            {
                return _completion.Task;
            }

            _stopRequested = true;
            running = _state == ServiceState.Running ? _current : null;
            if (running is not null)
            {
                Move(ServiceState.Stopping, null);
            }
        }

        // The move is reported by the driver (it takes the stopping work next, or ends the instance), so
        // handlers hear every change on its loop, in order, never here beside one it reports meanwhile.
        _stop.Cancel(); // ends a restart backoff; a start in progress checks it when it returns
        running?.Queue.RequestStop();
        return _completion.Task;
    }

    public async ValueTask DisposeAsync() => await StopAsync().ConfigureAwait(false);

    private PluginCallError? Enqueue(ServiceWork call)
    {
        ServiceIncarnation? current;
        ServiceState state;
        lock (_gate)
        {
            current = _current;
            state = _state;
        }

        return state == ServiceState.Running && current is not null
            ? current.Queue.TryCall(call)
            : new PluginCallError(PluginCallErrorKind.Unavailable, $"service '{Name}' is {state.ToString().ToLowerInvariant()}");
    }

    /// <summary>The driver: runs instances until the service ends.</summary>
    private async Task RunAsync(ServiceIncarnation incarnation)
    {
        try
        {
            while (true)
            {
                var failure = await DriveAsync(incarnation).ConfigureAwait(false);
                await EndIncarnationAsync(incarnation, failure).ConfigureAwait(false);
                if (failure is null)
                {
                    Finish(ServiceState.Stopped, null);
                    return;
                }

                RecordFailure(failure);

                if (await RestartAsync().ConfigureAwait(false) is not { } next)
                {
                    return;
                }

                incarnation = next;
            }
        }
        catch (Exception bug)
        {
            // A bug in the driver itself: end the service rather than leave the host application waiting.
            Log.DriverFailed(_logger, bug, Name);
            if (Volatile.Read(ref _current) is { } current)
            {
                await EndIncarnationAsync(current, null).ConfigureAwait(false);
            }

            Finish(ServiceState.Failed, new ServiceFailure(ServiceFailureKind.Trapped, "driver", $"host bug: {bug.Message}"));
        }
    }

    /// <summary>
    /// Handles the instance's work until it fails (the failure) or its stop sequence has run (null).
    /// </summary>
    private async Task<ServiceFailure?> DriveAsync(ServiceIncarnation incarnation)
    {
        var queue = incarnation.Queue;
        ITimer? grace = null;
        var graceOver = false;
        try
        {
            while (true)
            {
                if (queue.TryTake() is not { } work)
                {
                    if (grace is not null && (Volatile.Read(ref graceOver) || incarnation.IsIdle))
                    {
                        return await _guests.Run(() => Call(incarnation, "stop", service => { service.Stop(); return Unit.Value; }, _options.CallTimeout).Failure).ConfigureAwait(false);
                    }

                    await queue.WhenWorkAsync().ConfigureAwait(false);
                    continue;
                }

                if (await _guests.Run(() => Do(incarnation, work)).ConfigureAwait(false) is { } failure)
                {
                    return failure;
                }

                if (work is ServiceWork.Stopping && grace is null)
                {
                    grace = _options.Time.CreateTimer(_ => { Volatile.Write(ref graceOver, true); queue.Nudge(); }, null, _options.StopGrace, Timeout.InfiniteTimeSpan);
                }
            }
        }
        finally
        {
            grace?.Dispose();
        }
    }

    /// <summary>One work item, on a guest thread: a <c>handle</c>, <c>invoke</c> or <c>status</c> call. Returns the failure it caused, or null.</summary>
    private ServiceFailure? Do(ServiceIncarnation incarnation, ServiceWork work)
    {
        switch (work)
        {
            case ServiceWork.Readable readable:
                return HandleReadable(incarnation, readable);
            case ServiceWork.TimerFired fired:
                // Skipped when the guest cancelled the timer after it fired.
                return incarnation.Timers.TryTake(fired.Timer) ? Handle(incarnation, work) : null;
            case ServiceWork.Stopping:
                Report(); // the move to Stopping StopAsync made
                return Handle(incarnation, work);
            case ServiceWork.Invoke invoke:
            {
                var outcome = Call(incarnation, "invoke", service => service.Invoke(invoke.Request), _options.CallTimeout);
                invoke.Answer.TrySetResult(outcome.Failure is { } failure
                    ? Result<WitResult<string, string>, PluginCallError>.Fail(ToCallError(failure))
                    : Result<WitResult<string, string>, PluginCallError>.Ok(outcome.Value!));
                return outcome.Failure;
            }

            case ServiceWork.Status status:
            {
                var outcome = Call(incarnation, "status", service => service.Status(), _options.CallTimeout);
                status.Answer.TrySetResult(outcome.Failure is { } failure
                    ? Result<ServiceStatus, PluginCallError>.Fail(ToCallError(failure))
                    : Result<ServiceStatus, PluginCallError>.Ok(Bounded(outcome.Value!)));
                return outcome.Failure;
            }

            default:
                throw new UnreachableException($"unknown work {work}");
        }
    }

    /// <summary>
    /// <c>readable</c>, level-triggered: skipped when the connection has nothing (any more); queued again
    /// after the call while items remain and the guest took at least one.
    /// </summary>
    private ServiceFailure? HandleReadable(ServiceIncarnation incarnation, ServiceWork.Readable readable)
    {
        var session = incarnation.Instance.WebSockets;
        if (session.Progress(readable.Connection) is not { Buffered: > 0 } before)
        {
            return null;
        }

        if (Handle(incarnation, readable) is { } failure)
        {
            return failure;
        }

        if (session.Progress(readable.Connection) is { Buffered: > 0 } after && after.Taken > before.Taken)
        {
            incarnation.Queue.Readable(readable.Connection);
        }

        return null;
    }

    private ServiceFailure? Handle(ServiceIncarnation incarnation, ServiceWork work)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = Call(incarnation, "handle", service => service.Handle(work.ToEvent()!), _options.CallTimeout);
        var took = Stopwatch.GetElapsedTime(started);
        _metrics.Handled(work.Kind, took);
        Log.Handled(_logger, Name, work.Kind, took.TotalMilliseconds);
        if (EventHandled is { } handlers)
        {
            Notify(handlers, new ServiceEventHandled(Name, work.Kind, took));
        }

        if (outcome.Failure is { } failure)
        {
            return failure;
        }

        return outcome.Value!.IsOk ? null : new ServiceFailure(ServiceFailureKind.Error, "handle", outcome.Value.ErrValue);
    }

    /// <summary>One call into the guest on this thread, under <paramref name="limit"/>; a trap or time-out is the failure.</summary>
    private CallOutcome<T> Call<T>(ServiceIncarnation incarnation, string export, Func<Service, T> call, TimeSpan limit)
    {
        using var activity = RuntimeTelemetry.PluginCall(incarnation.Instance.Name, export);
        try
        {
            return new(incarnation.Instance.CallService(call, limit), null);
        }
        catch (PluginTrappedException trap)
        {
            RuntimeTelemetry.Failed(activity, trap);
            return new(default, trap.TimedOut
                ? new ServiceFailure(ServiceFailureKind.TimedOut, export, $"the call ran longer than {limit.TotalSeconds:0.###} s")
                : new ServiceFailure(ServiceFailureKind.Trapped, export, LastLine(incarnation.Instance.FailureReason ?? trap.Message)));
        }
        catch (PluginInstanceUnavailableException gone)
        {
            // Only the driver stops its instances, and never during a call; reaching this is a host bug.
            RuntimeTelemetry.Failed(activity, gone);
            return new(default, new ServiceFailure(ServiceFailureKind.Trapped, export, gone.Message));
        }
    }

    /// <summary>Makes an instance and runs its <c>start</c> (on a pool thread: the call blocks up to its bound).</summary>
    private Result<ServiceIncarnation, ServiceFailure> StartIncarnation()
    {
        var number = Interlocked.Increment(ref _incarnations);
        var queue = new ServiceQueue(_options.MaxPendingCalls);
        var timers = new ServiceTimers(_options.Timers, _options.Time, queue.TimerFired);
        if (!_startInstance($"{Name}.{number}", timers).TryGetValue(out var instance, out var refusal))
        {
            timers.Dispose();
            return Result<ServiceIncarnation, ServiceFailure>.Fail(new ServiceFailure(ServiceFailureKind.StartRefused, "start", refusal));
        }

        var incarnation = new ServiceIncarnation(instance, timers, queue);
        instance.WebSockets.SetReadinessListener(queue.Readable);
        var outcome = Call(incarnation, "start", service => service.Start(_config), _options.StartTimeout);
        var failure = outcome.Failure ?? (outcome.Value!.IsOk ? null : new ServiceFailure(ServiceFailureKind.Error, "start", outcome.Value.ErrValue));
        if (failure is null)
        {
            return Result<ServiceIncarnation, ServiceFailure>.Ok(incarnation);
        }

        SyncStop(incarnation);
        return Result<ServiceIncarnation, ServiceFailure>.Fail(failure);
    }

    /// <summary>Closes an instance's connections and timers and refuses its waiting calls.</summary>
    private async Task EndIncarnationAsync(ServiceIncarnation incarnation, ServiceFailure? failure)
    {
        var why = failure is null
            ? new PluginCallError(PluginCallErrorKind.Unavailable, $"service '{Name}' stopped")
            : ToCallError(failure);
        foreach (var left in incarnation.Queue.Close())
        {
            left.Refuse(why);
        }

        incarnation.Timers.Dispose();
        await incarnation.Instance.StopAsync().ConfigureAwait(false);
        if (failure is not null)
        {
            _metrics.Failed(failure.Kind);
            Log.Failed(_logger, Name, failure.ToString());
        }
    }

    private static void SyncStop(ServiceIncarnation incarnation)
    {
        incarnation.Queue.Close();
        incarnation.Timers.Dispose();
        incarnation.Instance.Dispose();
    }

    /// <summary>After a failure: the next instance, started after the backoff, or null when the service has ended.</summary>
    private async Task<ServiceIncarnation?> RestartAsync()
    {
        while (true)
        {
            var failure = LastFailure;
            var restart = Restarts + 1;
            if (restart > _options.Restart.MaxRestarts || _stop.IsCancellationRequested)
            {
                Finish(_stop.IsCancellationRequested ? ServiceState.Stopped : ServiceState.Failed, failure);
                return null;
            }

            Enter(ServiceState.Restarting, failure, null);
            try
            {
                await Task.Delay(_options.Restart.DelayBefore(restart), _options.Time, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Finish(ServiceState.Stopped, failure);
                return null;
            }

            Interlocked.Increment(ref _restarts);
            _metrics.Restarted();
            Enter(ServiceState.Starting, null, null);
            if ((await _guests.Run(StartIncarnation).ConfigureAwait(false)).TryGetValue(out var next, out var startFailure))
            {
                Enter(ServiceState.Running, null, next);
                StopIfAskedWhileStarting(next);
                return next;
            }

            RecordFailure(startFailure);
            _metrics.Failed(startFailure.Kind);
            Log.Failed(_logger, Name, startFailure.ToString());
        }
    }

    private void RecordFailure(ServiceFailure failure)
    {
        lock (_gate)
        {
            _lastFailure = failure;
        }
    }

    /// <summary>Moves to <paramref name="state"/> with <paramref name="current"/> as the instance, and reports it.</summary>
    private void Enter(ServiceState state, ServiceFailure? failure, ServiceIncarnation? current)
    {
        lock (_gate)
        {
            _current = current;
            Move(state, failure);
        }

        Report();
    }

    private void Finish(ServiceState state, ServiceFailure? failure)
    {
        int restarts;
        lock (_gate)
        {
            _current = null;
            Move(state, failure);
            failure = _lastFailure;
            restarts = _restarts;
        }

        Report();
        _completion.TrySetResult(new ServiceOutcome(state, failure, restarts));
    }

    // Under _gate: records the move for Report, which runs outside the gate.
    private void Move(ServiceState state, ServiceFailure? failure)
    {
        if (failure is not null)
        {
            _lastFailure = failure;
        }

        if (_state != state)
        {
            _pendingReports.Enqueue(new ServiceStateChange(Name, _state, state, failure));
            _state = state;
        }
    }

    /// <summary>
    /// Reports the recorded moves in the order they happened, outside the gate, one thread at a time: a
    /// thread that finds another reporting leaves its moves to it.
    /// </summary>
    private void Report()
    {
        lock (_gate)
        {
            if (_reporting)
            {
                return;
            }

            _reporting = true;
        }

        while (true)
        {
            ServiceStateChange change;
            lock (_gate)
            {
                if (!_pendingReports.TryDequeue(out change!))
                {
                    _reporting = false;
                    return;
                }
            }

            Log.StateChanged(_logger, Name, change.From.ToString(), change.To.ToString(), change.Failure?.ToString() ?? "");
            if (StateChanged is { } handlers)
            {
                Notify(handlers, change);
            }
        }
    }

    /// <summary>Calls each handler on its own, so one that throws is logged and the others still hear.</summary>
    private void Notify<T>(EventHandler<T> handlers, T args)
    {
        foreach (var handler in handlers.GetInvocationList())
        {
            try
            {
                ((EventHandler<T>)handler)(this, args);
            }
            catch (Exception error)
            {
                Log.HandlerFailed(_logger, error, Name);
            }
        }
    }

    private ServiceStatus Bounded(ServiceStatus status) =>
        Encoding.UTF8.GetByteCount(status.Detail) <= _options.MaxStatusDetailBytes
            ? status
            : status with { Detail = Cut(status.Detail, _options.MaxStatusDetailBytes) };

    /// <summary>The longest prefix (whole characters) that fits <paramref name="maxBytes"/> with the mark "…" (3 bytes) after it.</summary>
    internal static string Cut(string text, int maxBytes)
    {
        const string mark = "…";
        var budget = maxBytes - Encoding.UTF8.GetByteCount(mark);
        var used = 0;
        var end = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (used + rune.Utf8SequenceLength > budget)
            {
                break;
            }

            used += rune.Utf8SequenceLength;
            end += rune.Utf16SequenceLength;
        }

        return string.Concat(text.AsSpan(0, end), mark);
    }

    private static PluginCallError ToCallError(ServiceFailure failure) => failure.Kind switch
    {
        ServiceFailureKind.TimedOut => new PluginCallError(PluginCallErrorKind.TimedOut, failure.ToString()),
        ServiceFailureKind.Trapped => new PluginCallError(PluginCallErrorKind.Trapped, failure.ToString()),
        _ => new PluginCallError(PluginCallErrorKind.Unavailable, $"the service failed: {failure}"),
    };

    private static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? text;

    private readonly record struct CallOutcome<T>(T? Value, ServiceFailure? Failure);

    private static partial class Log
    {
        [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Service {Service}: {From} -> {To} {Why}")]
        public static partial void StateChanged(ILogger logger, string service, string from, string to, string why);

        [LoggerMessage(EventId = 6002, Level = LogLevel.Debug, Message = "Service {Service} handled {Kind} in {Milliseconds:0.###} ms")]
        public static partial void Handled(ILogger logger, string service, string kind, double milliseconds);

        [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "Service {Service} failed: {Why}")]
        public static partial void Failed(ILogger logger, string service, string why);

        [LoggerMessage(EventId = 6004, Level = LogLevel.Error, Message = "A handler of service {Service}'s events threw; the service goes on")]
        public static partial void HandlerFailed(ILogger logger, Exception error, string service);

        [LoggerMessage(EventId = 6005, Level = LogLevel.Critical, Message = "The driver of service {Service} failed (a host bug); the service is ended")]
        public static partial void DriverFailed(ILogger logger, Exception error, string service);
    }
}

/// <summary>Makes a new instance of the service's component with the given name and timers, or says why not.</summary>
internal delegate Result<PluginInstance, string> ServiceIncarnationFactory(string instanceName, ServiceTimers timers);

/// <summary>One instance of a service, with the timers and the queue that live and die with it.</summary>
internal sealed record ServiceIncarnation(PluginInstance Instance, ServiceTimers Timers, ServiceQueue Queue)
{
    /// <summary>Nothing left for the stop grace to wait for: no connection, no pending timer.</summary>
    public bool IsIdle => Instance.WebSockets.ConnectionCount == 0 && Timers.PendingCount == 0;
}
