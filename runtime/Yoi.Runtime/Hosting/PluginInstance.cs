using Wasmtime;
using Wasmtime.Components;
using Yoi.Host;
using Yoi.Host.Request;
using Yoi.Runtime.HostApis;
using Yoi.Runtime.WebSockets;
using Yoi.Wit.Bindings;

namespace Yoi.Runtime.Hosting;

/// <summary>Where a plugin instance is in its life.</summary>
public enum PluginInstanceState
{
    /// <summary>Accepts calls.</summary>
    Running,

    /// <summary>A call trapped (guest trap or host bug): its store is gone, its connections closed; no further calls.</summary>
    Failed,

    /// <summary>Stopped or disposed: its connections closed; no further calls.</summary>
    Stopped,
}

/// <summary>
/// One running plugin: its own <see cref="Store"/>, its component instance (wrapped by the generated
/// <see cref="Plugin"/> world), its linker with the host APIs bound to this instance, and its
/// <see cref="WebSocketSession"/>. Nothing is shared with other instances but the engine, the
/// component and the process-wide <see cref="WebSocketHost"/>, so a handle is meaningful only here
/// and a failure here leaves other instances running.
/// </summary>
/// <remarks>
/// Lifecycle rules:
/// <list type="bullet">
/// <item>Calls run one at a time (a store is single-threaded).</item>
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
/// <see cref="PluginInstanceOptions.CallTimeout"/> a wall-clock budget also ends a call blocked in a
/// host function (its host calls are cancelled). Either way the instance fails.</item>
/// </list>
/// </remarks>
public sealed class PluginInstance : IAsyncDisposable, IDisposable
{
    private readonly object _callGate = new();
    private readonly object _closeGate = new();
    private readonly object _budgetGate = new();
    private long _calls;
    private long _activeCall; // the call the budget timer may end; 0 between calls
    private bool _budgetSpent;
    private readonly CancellationTokenSource _stopping;
    private readonly Store _store;
    private readonly ComponentLinker _linker;
    private readonly Plugin _plugin;
    private readonly WebSocketSession _webSockets;
    private int _state; // PluginInstanceState
    private bool _storeReleased;
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _closing;

    private readonly PluginInstanceOptions _options;

    private readonly CallGuard _guard;

    private PluginInstance(string name, Store store, ComponentLinker linker, Plugin plugin, WebSocketSession webSockets, CancellationTokenSource stopping, PluginInstanceOptions options, CallGuard guard)
    {
        _guard = guard;
        _options = options;
        Name = name;
        _stopping = stopping;
        _store = store;
        _linker = linker;
        _plugin = plugin;
        _webSockets = webSockets;
    }

    public string Name { get; }

    public PluginInstanceState State => (PluginInstanceState)Volatile.Read(ref _state);

    /// <summary>Why the instance failed (the trap's message), or null.</summary>
    public string? FailureReason { get; private set; }

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
        PluginInstanceOptions? options = null)
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
            var guard = new CallGuard();
            options.ApplyTo(store, guard);
            Link(linker, options, session, stopping.Token, request);
            var plugin = Plugin.Instantiate(linker, store, component);
            return new PluginInstance(name, store, linker, plugin, session, stopping, options, guard);
        }
        catch (Exception error)
        {
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

    /// <summary>Calls the world's <c>run</c> export through the generated wrapper.</summary>
    public WitResult<string, string> Run(string input) => Call(plugin => plugin.Run(input));

    /// <summary>Calls any other root export by name (untyped), under the same rules as <see cref="Run"/>.</summary>
    public ComponentValue? CallExport(string name, params ComponentValue[] arguments) =>
        Call(plugin => Exports.GetFunction(plugin.Instance, null, name).Call(arguments));

    /// <summary>Runs <paramref name="call"/> against the instance under the lifecycle rules.</summary>
    /// <exception cref="PluginTrappedException">The call trapped; the instance is now failed.</exception>
    /// <exception cref="PluginInstanceUnavailableException">The instance has failed or stopped.</exception>
    public T Call<T>(Func<Plugin, T> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        lock (_callGate)
        {
            ThrowIfUnavailable();
            var budget = StartBudget();
            try
            {
                // Each call gets the whole time budget again (epoch deadlines are relative).
                _options.ArmDeadline(_store, _guard);
                var result = call(_plugin);
                if (EndBudget(budget))
                {
                    // The budget ran out in a host call and the guest returned without reaching an epoch check.
                    var message = $"the call ran longer than {_options.CallTimeout!.Value.TotalSeconds:0.###} s; its host calls were cancelled";
                    Fail(message);
                    throw new PluginTrappedException(Name, message, timedOut: true);
                }

                return result;
            }
            catch (WasmtimeException trap)
            {
                var spent = EndBudget(budget);
                var interruption = Interruption(trap);
                if (interruption is { TimedOut: false } && State == PluginInstanceState.Stopped)
                {
                    throw new PluginInstanceUnavailableException(Name, State, $"plugin instance '{Name}' was stopped during the call");
                }

                Fail(trap.Message);
                throw new PluginTrappedException(Name, trap, timedOut: spent || interruption is { TimedOut: true } || IsInterrupt(trap));
            }
            finally
            {
                EndBudget(budget);
                if (State != PluginInstanceState.Running)
                {
                    ReleaseStore();
                }
            }
        }
    }

    /// <summary>
    /// Arms the wall-clock budget of a call: when it passes, the instance's host calls are cancelled,
    /// since epoch interruption cannot reach a guest blocked in one. Null when there is no bound.
    /// </summary>
    private ITimer? StartBudget()
    {
        if (_options.CallTimeout is not { } limit)
        {
            return null;
        }

        long call;
        lock (_budgetGate)
        {
            call = _activeCall = ++_calls;
            _budgetSpent = false;
        }

        return _options.CallClock.CreateTimer(_ => SpendBudget(call), null, limit, Timeout.InfiniteTimeSpan);
    }

    private void SpendBudget(long call)
    {
        lock (_budgetGate)
        {
            if (_activeCall != call)
            {
                return;
            }

            _budgetSpent = true;
            _activeCall = 0;
        }

        // Ends a blocked open/send/recv/request with io, and Wasm code at its next epoch tick; the store
        // is left to the calling thread.
        _guard.Expire();
        _ = _stopping.CancelAsync();
    }

    /// <summary>Disarms the budget; true when it had run out during the call.</summary>
    private bool EndBudget(ITimer? budget)
    {
        if (budget is null)
        {
            return false;
        }

        budget.Dispose();
        lock (_budgetGate)
        {
            _activeCall = 0;
            return _budgetSpent;
        }
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

    /// <summary>Stops the instance: closes every connection and releases the store. Idempotent.</summary>
    public Task StopAsync()
    {
        // A call running Wasm code ends at the next epoch tick; one in a host call when that returns.
        _guard.Stop();
        Interlocked.CompareExchange(ref _state, (int)PluginInstanceState.Stopped, (int)PluginInstanceState.Running);
        return CloseEverythingAsync();
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    public void Dispose() => SyncBridge.Run(StopAsync, Timeout.InfiniteTimeSpan, $"stop of plugin instance '{Name}'");

    private Task CloseEverythingAsync()
    {
        lock (_closeGate)
        {
            return _closing ??= CloseCoreAsync();
        }
    }

    private async Task CloseCoreAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _webSockets.DisposeAsync().ConfigureAwait(false);
        if (Monitor.TryEnter(_callGate))
        {
            try
            {
                ReleaseStore();
            }
            finally
            {
                Monitor.Exit(_callGate);
            }
        }
        else
        {
            // A call is running (its recv has just been ended by the session's disposal). It releases the
            // store itself when it sees the state; this covers the moment it has already looked.
            _ = Task.Run(() =>
            {
                lock (_callGate)
                {
                    ReleaseStore();
                }
            });
        }
    }

    private void Fail(string reason)
    {
        FailureReason = reason;
        Interlocked.CompareExchange(ref _state, (int)PluginInstanceState.Failed, (int)PluginInstanceState.Running);

        // Close the connections before the caller hears of the trap. Bounded by the pool's close timeout.
        SyncBridge.Run(CloseEverythingAsync, Timeout.InfiniteTimeSpan, $"cleanup of plugin instance '{Name}'");
    }

    private void ThrowIfUnavailable()
    {
        switch (State)
        {
            case PluginInstanceState.Failed:
                throw new PluginInstanceUnavailableException(Name, State, $"plugin instance '{Name}' has failed and accepts no further calls; it trapped: {Cause(FailureReason)}");
            case PluginInstanceState.Stopped:
                throw new PluginInstanceUnavailableException(Name, State, $"plugin instance '{Name}' has been stopped and accepts no further calls");
        }
    }

    // Called with _callGate held.
    private void ReleaseStore()
    {
        if (_storeReleased)
        {
            return;
        }

        _storeReleased = true;
        _linker.Dispose();
        _store.Dispose();
        _stopping.Dispose();
        _released.TrySetResult();
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
