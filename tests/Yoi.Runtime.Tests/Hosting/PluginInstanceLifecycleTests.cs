using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using Xunit.Abstractions;
using Yoi.Runtime.HostApis;
using Yoi.Runtime.Hosting;
using Yoi.Runtime.Policy;
using Yoi.Runtime.Tests.WebSockets;
using Yoi.Runtime.WebSockets;
using static Yoi.Runtime.Tests.Hosting.Guest;

namespace Yoi.Runtime.Tests.Hosting;

/// <summary>
/// The instance's one state machine under the moments that race: the call budget's timer, a call
/// ending, a stop, a dispose, and a call made while one runs. The budget runs on a fake clock, so a
/// test decides when, and on which thread, it fires. The race loop keeps two threads spinning, so the
/// class runs alone.
/// </summary>
[Collection(SpinningGuests.Name)]
public class PluginInstanceLifecycleTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(1);

    // The policy declares 127.0.0.1:1 and the guest asks for :2, so every open is a denial: no socket, no network.
    private const string UndeclaredUrl = "ws://127.0.0.1:2/x";

    [Fact]
    public async Task The_budget_timer_racing_the_end_of_a_call_a_stop_or_a_dispose_leaves_no_failure_behind()
    {
        // What the rival thread does to the instance: the budget timer fires on it (inside Advance, as a
        // real timer fires on a timer thread), a stop or a dispose comes from it, or two of these in turn.
        (string Name, bool Stops, Action<PluginInstance, FakeTimeProvider> Act)[] rivals =
        [
            ("budget", false, (_, clock) => clock.Advance(Budget)),
            ("stop", true, (instance, _) => instance.StopAsync().GetAwaiter().GetResult()),
            ("dispose", true, (instance, _) => instance.Dispose()),
            ("budget, stop", true, (instance, clock) => { clock.Advance(Budget); instance.StopAsync().GetAwaiter().GetResult(); }),
            ("stop, budget", true, (instance, clock) => { instance.StopAsync().GetAwaiter().GetResult(); clock.Advance(Budget); }),
            ("budget, dispose", true, (instance, clock) => { clock.Advance(Budget); instance.Dispose(); }),
        ];
        var timings = Enum.GetValues<Timing>();
        const int Rounds = 540; // 30 of each rival and timing
        var lost = new ConcurrentQueue<Exception>();
        void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e)
        {
            if (Causes(e.Exception).Any(c => c is ObjectDisposedException && c.Message.Contains(nameof(CancellationTokenSource), StringComparison.Ordinal)))
            {
                lost.Enqueue(e.Exception);
            }
        }

        TaskScheduler.UnobservedTaskException += OnUnobserved;
        try
        {
            await using var host = new WebSocketHost();
            using var rival = new Rival();
            var outcomes = new SortedDictionary<string, int>(StringComparer.Ordinal);
            for (var round = 0; round < Rounds; round++)
            {
                var (what, stops, act) = rivals[round % rivals.Length];
                var timing = timings[round / rivals.Length % timings.Length];
                rival.Arm(timing);
                var clock = new FakeTimeProvider();

                // The guest's open asks the policy: that is the moment inside the call the rival starts from.
                var instance = PluginInstance.Start(Guest.Engine, Guest.Component, host, new HookedPolicy(TestPolicies.Loopback(1), rival.Release), $"race-{round}", options: new PluginInstanceOptions
                {
                    CallTimeout = Budget,
                    CallClock = clock,
                });

                object? outcome = null;
                var rivalFailure = rival.Race(() => outcome = Attempt(() => instance.Connect(UndeclaredUrl)), () => act(instance, clock));

                var where = $"round {round} ({what}, {timing}): ";
                Assert.True(rivalFailure is null, where + $"the rival threw: {rivalFailure}");
                var (name, expected) = outcome switch
                {
                    Yoi.Wit.Bindings.WitResult<uint, string> { IsErr: true } result when result.ErrValue.StartsWith("open: ", StringComparison.Ordinal) =>
                        ("returned", stops ? PluginInstanceState.Stopped : PluginInstanceState.Running),
                    PluginTrappedException { TimedOut: true } => ("timed out", PluginInstanceState.Failed),
                    _ => ($"unexpected: {outcome}", (PluginInstanceState?)null),
                };
                Assert.True(expected == instance.State, where + $"the call {name}, the instance is {instance.State}");
                outcomes[$"{what}, {timing}: {name}"] = outcomes.GetValueOrDefault($"{what}, {timing}: {name}") + 1;

                instance.Dispose();
                Assert.NotEqual(PluginInstanceState.Running, instance.State);
                Assert.True(instance.Released.IsCompletedSuccessfully, where + "the store was not released when Dispose returned");
                Assert.Equal(0, host.SessionCount);
            }

            output.WriteLine(string.Join("\n", outcomes.Select(o => $"{o.Key} x{o.Value}")));
        }
        finally
        {
            // A failure dropped on a timer thread surfaces only when its task is collected.
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            GC.WaitForPendingFinalizers();
            TaskScheduler.UnobservedTaskException -= OnUnobserved;
        }

        Assert.True(lost.IsEmpty, $"{lost.Count} stop-token cancellation(s) failed unobserved: {lost.FirstOrDefault()}");
    }

    [Fact]
    public async Task A_failure_cancelling_the_host_calls_of_a_call_past_its_budget_reaches_the_caller()
    {
        await using var host = new WebSocketHost();
        var clock = new FakeTimeProvider();
        var broken = new InvalidOperationException("a cancellation callback broke");
        var instance = PluginInstance.Start(Guest.Engine, Guest.Component, host, new HookedPolicy(TestPolicies.Loopback(1), () => clock.Advance(Budget)), "broken", options: new PluginInstanceOptions
        {
            CallTimeout = Budget,
            CallClock = clock,
            RequestFactory = stopping =>
            {
                stopping.Register(() => throw broken);
                return UnavailableRequestApi.Instance;
            },
        });

        // The budget runs out inside the guest's open; cancelling the host calls then meets the broken callback.
        var thrown = Record(() => instance.Connect(UndeclaredUrl));

        Assert.Contains(broken, Causes(thrown));
        Assert.Equal(PluginInstanceState.Failed, instance.State);
        Assert.True(instance.Released.IsCompletedSuccessfully);
        Assert.Equal(0, host.SessionCount);
        Assert.Contains(broken, Causes(Record(instance.Dispose)));
    }

    [Fact]
    public async Task A_call_made_while_a_call_runs_is_refused_at_once_and_the_running_call_goes_on()
    {
        await using var host = new WebSocketHost();
        PluginInstance instance = null!;
        Exception? reentrant = null;
        Exception? concurrent = null;
        instance = Start(host, new HookedPolicy(TestPolicies.Loopback(1), () =>
        {
            // Inside the running call: the same thread calls again, then another thread does.
            reentrant = Record(() => instance.Connect(UndeclaredUrl));
            var other = Task.Run(() => Record(() => instance.Connect(UndeclaredUrl)));
            concurrent = other.Wait(TimeSpan.FromSeconds(10)) ? other.Result : new TimeoutException("the second call waited for the first");
        }), "busy");

        Assert.StartsWith("open: denied: ", Err(instance.Connect(UndeclaredUrl)));

        Assert.Equal("plugin instance 'busy' is already in a call; calls run one at a time", Assert.IsType<InvalidOperationException>(reentrant).Message);
        Assert.Equal("plugin instance 'busy' is already in a call; calls run one at a time", Assert.IsType<InvalidOperationException>(concurrent).Message);
        Assert.Equal(PluginInstanceState.Running, instance.State);
        Assert.StartsWith("open: denied: ", Err(instance.Connect(UndeclaredUrl)));
        instance.Dispose();
        Assert.True(instance.Released.IsCompletedSuccessfully);
    }

    /// <summary>What <paramref name="action"/> returned, or the exception it threw.</summary>
    private static object? Attempt<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private static Exception? Record(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    private static Exception? Record<T>(Func<T> action) => Record(() => { action(); });

    /// <summary>The exception and every exception inside it.</summary>
    private static IEnumerable<Exception> Causes(Exception? error)
    {
        if (error is null)
        {
            yield break;
        }

        yield return error;
        var inner = error is AggregateException aggregate ? aggregate.InnerExceptions : (IEnumerable<Exception>)(error.InnerException is { } one ? [one] : []);
        foreach (var cause in inner.SelectMany(Causes))
        {
            yield return cause;
        }
    }

    /// <summary>Runs a test's code inside the guest's first open (on the calling thread, mid-call), then decides as <paramref name="inner"/>.</summary>
    private sealed class HookedPolicy(IWebSocketPolicy inner, Action during) : IWebSocketPolicy
    {
        private int _fired;

        public PolicyDecision DecideWebSocket(string url, IReadOnlyList<string> subprotocols)
        {
            if (Interlocked.Exchange(ref _fired, 1) == 0)
            {
                during();
            }

            return inner.DecideWebSocket(url, subprotocols);
        }
    }

    /// <summary>When the rival acts against the call.</summary>
    private enum Timing
    {
        /// <summary>Inside the call: the call waits, mid-call, until the rival's action is done.</summary>
        Inside,

        /// <summary>Released mid-call and racing the rest of it, after a pseudo-random spin.</summary>
        Racing,

        /// <summary>After the call has returned.</summary>
        After,
    }

    /// <summary>
    /// A dedicated thread that acts on the instance while the test thread's call runs: strictly inside
    /// it, strictly after it, or racing its end. Racing, the rival spins rather than blocks, and never
    /// yields (on a busy machine a thread that gives up its core comes back milliseconds late); the call
    /// goes on only once the rival is running, and the rival first spins a pseudo-random while, spread
    /// over orders of magnitude, so its moment falls on both sides of the call's end from round to round,
    /// however fast the machine is, the same way every run. Between rounds it blocks.
    /// </summary>
    private sealed class Rival : IDisposable
    {
        private const int MaxSpinBits = 13;
        private readonly Thread _thread;
        private readonly SemaphoreSlim _armed = new(0);
        private readonly Random _jitter = new(7);
        private Action _action = () => { };
        private Timing _timing;
        private Exception? _failure;
        private int _round;
        private int _released;
        private int _running;
        private int _finished;
        private volatile bool _disposed;

        public Rival()
        {
            _thread = new Thread(Serve) { IsBackground = true, Name = "rival" };
            _thread.Start();
        }

        /// <summary>Wakes the rival for the next round; it then waits, spinning, to be released.</summary>
        public void Arm(Timing timing)
        {
            _timing = timing;
            _round++;
            _armed.Release();
        }

        /// <summary>Called from inside the call: starts the rival, unless it is to act after the call.</summary>
        public void Release()
        {
            if (_timing == Timing.Inside)
            {
                Start();
                WaitFor(ref _finished);
            }
            else if (_timing == Timing.Racing)
            {
                Start();
                WaitFor(ref _running);
            }
        }

        /// <summary>Runs <paramref name="mine"/> here, with <paramref name="theirs"/> on the rival; returns what the rival threw.</summary>
        public Exception? Race(Action mine, Action theirs)
        {
            _action = theirs;
            mine();
            Start();
            WaitFor(ref _finished);
            return _failure;
        }

        public void Dispose()
        {
            _disposed = true;
            _armed.Release();
            _thread.Join();
            _armed.Dispose();
        }

        private void Start() => Interlocked.CompareExchange(ref _released, _round, _round - 1);

        private void WaitFor(ref int reached)
        {
            while (Volatile.Read(ref reached) != _round)
            {
                Thread.SpinWait(8);
            }
        }

        private void Serve()
        {
            for (var round = 1; ; round++)
            {
                _armed.Wait();
                while (Volatile.Read(ref _released) != round)
                {
                    if (_disposed)
                    {
                        return;
                    }

                    Thread.SpinWait(8);
                }

                Volatile.Write(ref _running, round);
                if (_timing == Timing.Racing)
                {
                    Thread.SpinWait(_jitter.Next(1 << _jitter.Next(MaxSpinBits)));
                }

                _failure = Record(_action);
                Volatile.Write(ref _finished, round);
            }
        }
    }
}
