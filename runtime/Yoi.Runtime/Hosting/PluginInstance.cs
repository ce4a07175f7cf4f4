using Wasmtime;
using Wasmtime.Components;
using Yoi.Host;
using Yoi.Host.Request;
using Yoi.Host.Timers;
using Yoi.Runtime.HostApis;
using Yoi.Runtime.Services;
using Yoi.Runtime.WebSockets;
using Yoi.Wit.Bindings;

namespace Yoi.Runtime.Hosting;

/// <summary>Where a plugin instance is in its life.</summary>
public enum PluginInstanceState
{
    /// <summary>Accepts calls.</summary>
    Running,

    /// <summary>
    /// A call trapped (guest trap or host bug) or ran past its budget: its connections closed, its store
    /// gone (once that call has returned); no further calls.
    /// </summary>
    Failed,

    /// <summary>Stopped or disposed: its connections closed, its store gone (once a running call has returned); no further calls.</summary>
    Stopped,
}

/// <summary>
/// One running plugin: its own <see cref="Store"/>, its component instance (wrapped by the generated
/// <see cref="Plugin"/> world, or <see cref="Service"/> for a service's instance), its linker with the host APIs bound to this instance, and its
/// <see cref="WebSocketSession"/>. Nothing is shared with other instances but the engine, the
/// component and the process-wide <see cref="WebSocketHost"/>, so a handle is meaningful only here
/// and a failure here leaves other instances running.
/// </summary>
/// <remarks>
/// Lifecycle rules:
/// <list type="bullet">
/// <item>One call at a time (a store is single-threaded): a call made while another runs, from another
/// thread or from inside one of the running call's host functions, throws
/// <see cref="InvalidOperationException"/> at once.</item>
/// <item>A call that fails with a <see cref="WasmtimeException"/> (a guest trap, or a host bug that
/// trapped it) poisons the store. The instance becomes <see cref="PluginInstanceState.Failed"/>: its
/// connections are closed and its store disposed before the call's <see cref="PluginTrappedException"/>
/// reaches the caller, and every later call throws <see cref="PluginInstanceUnavailableException"/>.</item>
/// <item><see cref="StopAsync"/> / <see cref="DisposeAsync"/> / <see cref="Dispose"/> close every
/// connection of the instance (a call blocked in <c>recv</c> returns at once) and release the store;
/// if a call is still running, the store is released when it returns. With epoch deadlines
/// (<see cref="PluginInstanceOptions.EpochDeadlineTicks"/>), a call running Wasm code is ended at the
/// next epoch tick and its caller gets <see cref="PluginInstanceUnavailableException"/>.</item>
/// <item>A call's time limit counts epoch ticks while Wasm runs; with
/// <see cref="PluginInstanceOptions.CallTimeout"/> a wall-clock budget (one timer per call) also ends a
/// call blocked in a host function (its host calls are cancelled). Either way the instance fails.</item>
/// </list>
/// <para>
/// All of this is one state machine, <see cref="PluginInstanceLifecycle"/>: one field changed only by
/// compare-and-swap, so every transition has one winner, and the winner does what the transition
/// implies. That is how the close (cancel the host calls, then close every connection) and the
/// store's release each happen exactly once, whoever races whom.
/// </para>
/// <list type="table">
/// <listheader><term>Phase (State)</term><description>Entered from, by: what the winner then does</description></listheader>
/// <item><term>Idle (Running)</term><description>Start; InCall, by the call returning.</description></item>
/// <item><term>InCall (Running)</term><description>Idle only, by a call beginning: its thread holds the store and arms the call's budget.</description></item>
/// <item><term>Expired (Failed)</term><description>InCall of that same call, by its budget timer: starts the close.</description></item>
/// <item><term>Stopping (Stopped)</term><description>InCall, by a stop or dispose: starts the close.</description></item>
/// <item><term>Failed (Failed)</term><description>InCall, by the call trapping: starts the close; or Expired, by the call ending. Then the
/// calling thread waits for the close and releases the store.</description></item>
/// <item><term>Stopped (Stopped)</term><description>Idle, by a stop or dispose: starts the close and releases the store; or Stopping, by
/// the call ending: waits for the close and releases the store.</description></item>
/// </list>
/// <para>
/// A stop from Expired, Stopping, Failed or Stopped changes nothing and returns the same close. The
/// stop token source is cancelled by the close and never disposed: a budget timer or a host call may
/// still reach it, and it owns no timer or wait handle that would need freeing.
/// </para>
/// </remarks>
public sealed class PluginInstance : IAsyncDisposable, IDisposable
{
    private readonly PluginInstanceLifecycle _lifecycle;
    private readonly CallGuard _guard;
    private readonly PluginInstanceOptions _options;
    private readonly Store _store;
    private readonly ComponentLinker _linker;
    private readonly object _world; // the generated Plugin or Service
    private readonly WebSocketSession _webSockets;

    // Cancelled by the close, never disposed (see the remarks).
    private readonly CancellationTokenSource _stopping;

    // The close: started once, by the winner of the move out of Running; whatever ends the instance waits for it.
    private readonly Task<Task> _close;
    private readonly Task _closed;
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PluginInstance(string name, Store store, ComponentLinker linker, object world, WebSocketSession webSockets, CancellationTokenSource stopping, PluginInstanceOptions options, PluginInstanceLifecycle lifecycle, CallGuard guard)
    {
        Name = name;
        _store = store;
        _linker = linker;
        _world = world;
        _webSockets = webSockets;
        _stopping = stopping;
        _options = options;
        _lifecycle = lifecycle;
        _guard = guard;
        _close = new Task<Task>(CloseAsync);
        _closed = _close.Unwrap();
    }

    public string Name { get; }

    public PluginInstanceState State => _lifecycle.State;

    /// <summary>Why the instance failed (the trap's message, or the budget it ran past), or null.</summary>
    public string? FailureReason => _lifecycle.FailureReason;

    /// <summary>Completes when the store is released: after a stop, once a call still running has returned.</summary>
    internal Task Released => _released.Task;

    /// <summary>The instance's WebSocket session (its handle table), for counts and diagnostics.</summary>
    public WebSocketSession WebSockets => _webSockets;

    /// <summary>
    /// Instantiates <paramref name="component"/> in a new store with the <c>yoi:host</c> APIs bound to a
    /// new WebSocket session of <paramref name="webSockets"/> under <paramref name="policy"/>.
    /// </summary>
    /// <param name="request">The request API; when null every request is <c>denied</c>.</param>
    /// <param name="options">Which APIs to link and the call and memory limits; defaults link both APIs, no limits.</param>
    /// <exception cref="PluginStartException">The component does not link or lacks the world's exports.</exception>
    public static PluginInstance Start(
        Engine engine,
        Component component,
        WebSocketHost webSockets,
        IWebSocketPolicy policy,
        string name,
        IRequestHost? request = null,
        PluginInstanceOptions? options = null) =>
        StartWorld(engine, component, webSockets, policy, name, request, options, timers: null);

    /// <summary>
    /// Instantiates a <c>yoi:host/service</c> component: as <see cref="Start"/>, with the
    /// <c>timers</c> interface (served by <paramref name="timers"/>) and the service types linked.
    /// </summary>
    internal static PluginInstance StartService(
        Engine engine,
        Component component,
        WebSocketHost webSockets,
        IWebSocketPolicy policy,
        string name,
        ITimersHost timers,
        PluginInstanceOptions options) =>
        StartWorld(engine, component, webSockets, policy, name, request: null, options, timers);

    private static PluginInstance StartWorld(
        Engine engine,
        Component component,
        WebSocketHost webSockets,
        IWebSocketPolicy policy,
        string name,
        IRequestHost? request,
        PluginInstanceOptions? options,
        ITimersHost? timers)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(component);
        ArgumentNullException.ThrowIfNull(webSockets);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentException.ThrowIfNullOrEmpty(name);

        options ??= PluginInstanceOptions.Default;
        var session = webSockets.CreateSession(policy, name);
        var stopping = new CancellationTokenSource();
        var store = new Store(engine);
        var linker = new ComponentLinker(engine);
        try
        {
            var lifecycle = new PluginInstanceLifecycle(OverBudget(options.CallTimeout));
            var guard = new CallGuard(lifecycle);
            options.ApplyTo(store, guard);
            Link(linker, options, session, stopping.Token, request);
            object world;
            if (timers is null)
            {
                world = Plugin.Instantiate(linker, store, component);
            }
            else
            {
                Yoi.Host.ServiceTypes.ServiceTypesHost.AddToLinker(linker);
                TimersHost.AddToLinker(linker, timers);
                world = Service.Instantiate(linker, store, component);
            }

            return new PluginInstance(name, store, linker, world, session, stopping, options, lifecycle, guard);
        }
        catch (Exception error)
        {
            // Nothing else can reach the token source yet: no budget timer or host call exists.
            linker.Dispose();
            store.Dispose();
            stopping.Dispose();
            SyncBridge.Run(() => session.DisposeAsync().AsTask(), Timeout.InfiniteTimeSpan, $"cleanup of plugin instance '{name}'");
            if (error is WasmtimeException or MissingExportException)
            {
                throw new PluginStartException(name, error);
            }

            throw;
        }
    }

    /// <summary>Calls the world's <c>run</c> export through the generated wrapper, in a <c>yoi.plugin.call</c> span.</summary>
    public WitResult<string, string> Run(string input)
    {
        using var activity = RuntimeTelemetry.PluginCall(Name, "run");
        try
        {
            return Call(plugin => plugin.Run(input));
        }
        catch (Exception error) when (RuntimeTelemetry.Threw(activity, error))
        {
            throw;
        }
    }

    /// <summary>Calls any other root export by name (untyped), under the same rules as <see cref="Run"/>.</summary>
    public ComponentValue? CallExport(string name, params ComponentValue[] arguments) =>
        CallWorld<object, ComponentValue?>(
            world => Exports.GetFunction(world is Service service ? service.Instance : ((Plugin)world).Instance, null, name).Call(arguments),
            _options.CallTimeout);

    /// <summary>Whether this is an instance of a <c>yoi:host/service</c> component.</summary>
    public bool IsService => _world is Service;

    /// <summary>Runs <paramref name="call"/> against the instance under the lifecycle rules.</summary>
    /// <exception cref="PluginTrappedException">The call trapped or ran past its budget; the instance is now failed.</exception>
    /// <exception cref="PluginInstanceUnavailableException">The instance has failed or stopped.</exception>
    /// <exception cref="InvalidOperationException">Another call is running.</exception>
    public T Call<T>(Func<Plugin, T> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return CallWorld(call, _options.CallTimeout);
    }

    /// <summary>
    /// Calls the service world's exports under the same rules, with this call's own wall-clock
    /// <paramref name="limit"/> (a service's <c>start</c> and its event calls have different bounds).
    /// </summary>
    internal T CallService<T>(Func<Service, T> call, TimeSpan limit) => CallWorld(call, limit);

    private T CallWorld<TWorld, T>(Func<TWorld, T> call, TimeSpan? limit)
        where TWorld : class
    {
        if (_world is not TWorld world)
        {
            throw new InvalidOperationException($"plugin instance '{Name}' is a {(_world is Service ? "service" : "plugin")}, not a {typeof(TWorld).Name}");
        }

        var number = BeginCall();
        ITimer? budget = null;
        T result;
        try
        {
            _lifecycle.SetOverBudget(OverBudget(limit));
            budget = StartBudget(number, limit);

            // Each call gets the whole tick budget again (epoch deadlines are relative).
            _options.ArmDeadline(_store, _guard);
            result = call(world);
        }
        catch (WasmtimeException trap)
        {
            throw EndTrapped(number, budget, trap);
        }
        catch
        {
            // Not the guest (a host bug, or an export that does not exist): the store is intact.
            _ = EndReturned(number, budget);
            throw;
        }

        return EndReturned(number, budget) is { } refusal ? throw refusal : result;
    }

    /// <summary>Idle → InCall, or why not.</summary>
    private long BeginCall()
    {
        if (_lifecycle.TryBeginCall(out var call, out var met))
        {
            return call;
        }

        throw met switch
        {
            LifecyclePhase.InCall => new InvalidOperationException($"plugin instance '{Name}' is already in a call; calls run one at a time"),
            LifecyclePhase.Expired or LifecyclePhase.Failed => new PluginInstanceUnavailableException(Name, PluginInstanceState.Failed, $"plugin instance '{Name}' has failed and accepts no further calls; it trapped: {Cause(FailureReason)}"),
            _ => new PluginInstanceUnavailableException(Name, PluginInstanceState.Stopped, $"plugin instance '{Name}' has been stopped and accepts no further calls"),
        };
    }

    /// <summary>
    /// Arms the wall-clock budget of call <paramref name="call"/>, since epoch interruption cannot
    /// reach a guest blocked in a host function. Null when there is no bound.
    /// </summary>
    private ITimer? StartBudget(long call, TimeSpan? limit) =>
        limit is { } bound
            ? _options.CallClock.CreateTimer(_ => SpendBudget(call), null, bound, Timeout.InfiniteTimeSpan)
            : null;

    /// <summary>
    /// The budget timer of call <paramref name="call"/>, on a timer thread, possibly after the call has
    /// ended (then it does nothing). It only decides and starts the close, so it cannot throw.
    /// </summary>
    private void SpendBudget(long call)
    {
        if (_lifecycle.TryExpire(call))
        {
            // The close cancels the host calls (a blocked open/send/recv/request returns io), and Wasm code
            // stops at its next epoch tick; the calling thread keeps the store until the call returns.
            StartClose();
        }
    }

    /// <summary>The call returned: null to hand its result over, or what to throw instead.</summary>
    private Exception? EndReturned(long call, ITimer? budget)
    {
        // Expired: the budget ran out in a host call and the guest returned without reaching an epoch
        // check. Otherwise the result stands: running on, or stopped during the call (the guest's own
        // answer, often an io error).
        return EndCall(call, budget, trap: null) == LifecyclePhase.Expired
            ? new PluginTrappedException(Name, _lifecycle.OverBudget, timedOut: true)
            : null;
    }

    /// <summary>The call trapped: what to throw.</summary>
    private Exception EndTrapped(long call, ITimer? budget, WasmtimeException trap)
    {
        var interruption = Interruption(trap);
        return EndCall(call, budget, trap) switch
        {
            LifecyclePhase.Stopping when interruption is { TimedOut: false } =>
                new PluginInstanceUnavailableException(Name, PluginInstanceState.Stopped, $"plugin instance '{Name}' was stopped during the call"),
            LifecyclePhase.Expired => new PluginTrappedException(Name, trap, timedOut: true),
            _ => new PluginTrappedException(Name, trap, timedOut: interruption is { TimedOut: true } || IsInterrupt(trap)),
        };
    }

    /// <summary>
    /// Disarms the budget and ends the call. When that leaves the instance out of Running, this thread
    /// holds the store for the last time: the close runs (started here if this trap is what ended the
    /// instance) and the store is released, all before the caller hears. Returns the phase ended from.
    /// </summary>
    private LifecyclePhase EndCall(long call, ITimer? budget, WasmtimeException? trap)
    {
        // A budget callback still under way has either expired this call already or finds it over.
        budget?.Dispose();
        var from = _lifecycle.EndCall(call, trap?.Message);
        if (from == LifecyclePhase.InCall && trap is null)
        {
            return from;
        }

        if (from == LifecyclePhase.InCall)
        {
            StartClose();
        }

        try
        {
            // Bounded by the pool's close timeout.
            SyncBridge.Run(() => _closed, Timeout.InfiniteTimeSpan, $"cleanup of plugin instance '{Name}'");
        }
        finally
        {
            ReleaseStore();
        }

        return from;
    }

    private static CallInterruptedException? Interruption(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            if (e is CallInterruptedException interruption)
            {
                return interruption;
            }
        }

        return null;
    }

    /// <summary>Wasmtime's epoch-deadline trap.</summary>
    private static bool IsInterrupt(WasmtimeException trap) =>
        trap.Message.Contains("wasm trap: interrupt", StringComparison.Ordinal);

    private static string OverBudget(TimeSpan? limit) =>
        $"the call ran longer than {limit.GetValueOrDefault().TotalSeconds:0.###} s; its host calls were cancelled";

    /// <summary>
    /// Links only the APIs the plugin may use: a component importing another one fails to instantiate
    /// with Wasmtime's message naming the import. The shared types instance is always there.
    /// </summary>
    private static void Link(ComponentLinker linker, PluginInstanceOptions options, WebSocketSession session, CancellationToken stopping, IRequestHost? request)
    {
        Yoi.Host.Types.TypesHost.AddToLinker(linker);
        if (options.LinkWebSocket)
        {
            Yoi.Host.Websocket.WebsocketHost.AddToLinker(linker, new WebSocketApi(session, stopping));
        }

        if (options.LinkRequest)
        {
            RequestHost.AddToLinker(linker, options.RequestFactory?.Invoke(stopping) ?? request ?? UnavailableRequestApi.Instance);
        }
    }

    /// <summary>
    /// Stops the instance: closes every connection and releases the store. Idempotent: every stop
    /// returns the same close. A call still running ends at its next epoch tick if it runs Wasm code, or
    /// when its host call (cancelled by the close) returns, and then releases the store.
    /// </summary>
    public Task StopAsync()
    {
        switch (_lifecycle.RequestStop())
        {
            case LifecyclePhase.Idle:
                // No call runs, and none can begin: the store is this thread's to release.
                StartClose();
                ReleaseStore();
                break;
            case LifecyclePhase.InCall:
                StartClose();
                break;
        }

        return _closed;
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    public void Dispose() => SyncBridge.Run(StopAsync, Timeout.InfiniteTimeSpan, $"stop of plugin instance '{Name}'");

    /// <summary>
    /// Only the winner of the move out of Running calls this, so the close runs once. It runs here up to
    /// its first wait (cancelling, and starting the closing handshakes), then on its own.
    /// </summary>
    private void StartClose() => _close.RunSynchronously(TaskScheduler.Default);

    /// <summary>Cancels the instance's host calls (they return io at once), then closes every connection.</summary>
    private async Task CloseAsync()
    {
        try
        {
            _stopping.Cancel();
        }
        finally
        {
            await _webSockets.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Disposes the store and its linker; the state machine hands this to exactly one thread, once.</summary>
    private void ReleaseStore()
    {
        try
        {
            _linker.Dispose();
            _store.Dispose();
        }
        finally
        {
            _released.SetResult();
        }
    }

    /// <summary>The innermost cause of a Wasmtime error message (its last line, e.g. "wasm trap: ...").</summary>
    private static string Cause(string? text) =>
        text?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
}

/// <summary>A call into the plugin trapped (guest trap or host bug); the instance is now failed.</summary>
public sealed class PluginTrappedException : Exception
{
    public PluginTrappedException(string instance, WasmtimeException trap, bool timedOut = false)
        : base($"plugin instance '{instance}' trapped; its connections are closed and it accepts no further calls: {trap.Message}", trap)
    {
        Instance = instance;
        TimedOut = timedOut;
    }

    /// <summary>The call ran past its time limit but returned without trapping (it was blocked in a host call).</summary>
    public PluginTrappedException(string instance, string reason, bool timedOut)
        : base($"plugin instance '{instance}' failed; its connections are closed and it accepts no further calls: {reason}")
    {
        Instance = instance;
        TimedOut = timedOut;
    }

    public string Instance { get; }

    /// <summary>The call was ended by the call time limit (an epoch interrupt, or the budget running out in a host call).</summary>
    public bool TimedOut { get; }
}

/// <summary>The instance has failed or been stopped and refuses calls.</summary>
public sealed class PluginInstanceUnavailableException(string instance, PluginInstanceState state, string message)
    : InvalidOperationException(message)
{
    public string Instance { get; } = instance;

    public PluginInstanceState State { get; } = state;
}

/// <summary>The component could not be instantiated as a <c>yoi:host/plugin</c>.</summary>
public sealed class PluginStartException(string instance, Exception cause)
    : Exception($"plugin instance '{instance}' could not start: {cause.Message}", cause)
{
    public string Instance { get; } = instance;
}
