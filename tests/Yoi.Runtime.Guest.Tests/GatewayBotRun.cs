using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using Yoi.Mocks.Discord;
using Yoi.Runtime.Services;

namespace Yoi.Runtime.Guest.Tests;

/// <summary>
/// One gateway bot running as a service of the fixture's host against its own <see cref="MockGateway"/>
/// on 127.0.0.1, both on one <see cref="FakeTimeProvider"/>: the bot's timers (heartbeats, backoff,
/// Hello time-out) and the mock's recorded times move only when a test advances the clock, so every
/// interval is exact. Network traffic is real and awaited through real signals: the mock's recorded
/// state (<see cref="MockGateway.WaitForAsync"/>) and the bot's own state (<c>invoke {"state": true}</c>),
/// asked again after each event the service handles.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // the fixture's token file
internal sealed class GatewayBotRun : IAsyncDisposable
{
    /// <summary>The jitter seed of every run (its first value, 0.326…, puts the first heartbeat at 326 ms).</summary>
    public const uint Seed = 1234567;

    /// <summary>The heartbeat interval the mock's Hello gives, on the fake clock.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>The bot's backoff: delays in [25, 50], [50, 100], [100, 200], [200, 400], [400, 800] ms, then it gives up.</summary>
    public const string Backoff = """{"initialMs":50,"maxMs":1600,"maxAttempts":5}""";

    /// <summary>The longest any one wait may take in real time: loopback traffic takes milliseconds; this is for a loaded CI machine.</summary>
    public static readonly TimeSpan Within = TimeSpan.FromSeconds(15);

    private readonly List<ServiceStateChange> _changes = [];
    private TaskCompletionSource _handled = NewSignal();

    private GatewayBotRun(FakeTimeProvider clock, MockGateway gateway, PluginService service)
    {
        Clock = clock;
        Gateway = gateway;
        Service = service;
        service.EventHandled += (_, _) => Interlocked.Exchange(ref _handled, NewSignal()).TrySetResult();
        service.StateChanged += (_, change) =>
        {
            lock (_changes)
            {
                _changes.Add(change);
            }
        };
    }

    public FakeTimeProvider Clock { get; }

    public MockGateway Gateway { get; }

    public PluginService Service { get; }

    /// <summary>The service's state changes after it started.</summary>
    public IReadOnlyList<ServiceStateChange> StateChanges
    {
        get
        {
            lock (_changes)
            {
                return [.. _changes];
            }
        }
    }

    /// <summary>Starts a mock, grants the bot its port, and starts the bot as a service with <paramref name="backoff"/>.</summary>
    public static async Task<GatewayBotRun> StartAsync(GatewayBotFixture fixture, string backoff = Backoff)
    {
        var clock = new FakeTimeProvider();
        var gateway = await MockGateway.StartAsync(new MockGatewayOptions { Token = fixture.Token, HeartbeatInterval = Interval, TimeProvider = clock });
        var config = $$"""
            {"gateway":"{{gateway.GatewayUrl}}","rest":"{{gateway.RestBaseUrl}}","intents":37376,"seed":{{Seed}},"backoff":{{backoff}}}
            """;

        // Call budgets stay on real time; they are raised so that a loaded CI machine cannot fail a
        // handle call that opens a loopback connection. Budgets have their own tests.
        var options = new ServiceOptions { Time = clock, CallTimeout = TimeSpan.FromSeconds(10), StartTimeout = TimeSpan.FromSeconds(30) };
        var started = await fixture.Host.StartServiceAsync(fixture.Load(gateway), config, options);
        if (!started.TryGetValue(out var service, out var failure))
        {
            await gateway.DisposeAsync();
            Assert.Fail($"the bot did not start: {failure}");
        }

        return new GatewayBotRun(clock, gateway, service);
    }

    /// <summary>The bot's state (<c>invoke {"state": true}</c>), after every event queued before the call.</summary>
    public async Task<JsonObject> StateAsync()
    {
        var answer = await Service.InvokeAsync("""{"state":true}""");
        Assert.True(answer.IsOk, answer.IsOk ? "" : $"state: {answer.Error}");
        Assert.True(answer.Value.IsOk, $"state: err {answer.Value}");
        return JsonNode.Parse(answer.Value.OkValue)!.AsObject();
    }

    /// <summary>Waits until the bot's state satisfies <paramref name="condition"/>, asking again after each event the service handles.</summary>
    public async Task<JsonObject> WaitForStateAsync(Func<JsonObject, bool> condition, string what)
    {
        using var expiry = new CancellationTokenSource(Within);
        while (true)
        {
            var handled = Volatile.Read(ref _handled).Task;
            var state = await StateAsync();
            if (condition(state))
            {
                return state;
            }

            try
            {
                await Task.WhenAny(handled, Service.Completion).WaitAsync(expiry.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"the bot's state was never {what}: {state.ToJsonString()}\n{LogTail()}");
            }
        }
    }

    /// <summary>Waits until the mock's recorded state satisfies <paramref name="condition"/>.</summary>
    public Task<MockGatewaySnapshot> WaitForAsync(Func<MockGatewaySnapshot, bool> condition) => Gateway.WaitForAsync(condition, Within);

    /// <summary>Waits for the first connection's READY, on both sides; returns the mock's snapshot.</summary>
    public async Task<MockGatewaySnapshot> ReadyAsync()
    {
        var snapshot = await WaitForAsync(s => s.Connection(1) is { IsReady: true } c && c.Sent.Any(f => f.EventName == "READY"));
        await WaitForStateAsync(s => (string?)s["phase"] == "ready", "ready");
        return snapshot;
    }

    /// <summary>Advances the fake clock by <paramref name="by"/> and returns the bot's state once the timers due by then were handled.</summary>
    public Task<JsonObject> AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        return StateAsync();
    }

    /// <summary>
    /// Advances the fake clock in <paramref name="step"/>s until the bot's state satisfies
    /// <paramref name="condition"/>; returns how far it advanced (a multiple of the step).
    /// </summary>
    public async Task<TimeSpan> AdvanceUntilAsync(Func<JsonObject, bool> condition, TimeSpan step, TimeSpan limit, string what)
    {
        var advanced = TimeSpan.Zero;
        while (true)
        {
            var state = await StateAsync();
            if (condition(state))
            {
                return advanced;
            }

            if (advanced >= limit)
            {
                throw new TimeoutException($"the bot's state was not {what} after {limit.TotalMilliseconds} ms on the fake clock: {state.ToJsonString()}\n{LogTail()}");
            }

            Clock.Advance(step);
            advanced += step;
        }
    }

    /// <summary>Stops the bot (if a test did not) and the mock.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await Service.StopAsync().WaitAsync(Within);
        }
        finally
        {
            await Gateway.DisposeAsync();
        }
    }

    private string LogTail() => "mock log:\n" + string.Join('\n', Gateway.Snapshot().Log.TakeLast(30));

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
