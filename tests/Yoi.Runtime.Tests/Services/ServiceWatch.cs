using Yoi.Runtime.Services;

namespace Yoi.Runtime.Tests.Services;

/// <summary>
/// Records what a <see cref="PluginService"/> reports (its state changes and the kinds of the events
/// it handled, both raised on the driver's loop) and lets a test await a condition over them: it is
/// checked again at every report, within a bound.
/// </summary>
internal sealed class ServiceWatch
{
    private readonly object _gate = new();
    private readonly List<ServiceStateChange> _changes = [];
    private readonly List<string> _handled = [];
    private TaskCompletionSource _reported = NewSignal();

    public ServiceWatch(PluginService service)
    {
        service.StateChanged += (_, change) => Record(() => _changes.Add(change));
        service.EventHandled += (_, handled) => Record(() => _handled.Add(handled.Kind));
    }

    public IReadOnlyList<ServiceStateChange> Changes
    {
        get
        {
            lock (_gate)
            {
                return [.. _changes];
            }
        }
    }

    /// <summary>The states moved to, in order.</summary>
    public IReadOnlyList<ServiceState> States => [.. Changes.Select(change => change.To)];

    /// <summary>The kinds of the events handled, in order.</summary>
    public IReadOnlyList<string> Handled
    {
        get
        {
            lock (_gate)
            {
                return [.. _handled];
            }
        }
    }

    public int Count(string kind) => Handled.Count(handled => handled == kind);

    public int Count(ServiceState state) => States.Count(to => to == state);

    /// <summary>Completes once <paramref name="condition"/> holds (checked now and at every report); fails the test after <see cref="ServiceGuest.Bound"/>.</summary>
    public async Task UntilAsync(Func<ServiceWatch, bool> condition, string what)
    {
        var deadline = Task.Delay(ServiceGuest.Bound);
        while (true)
        {
            Task reported;
            lock (_gate)
            {
                if (condition(this))
                {
                    return;
                }

                reported = _reported.Task;
            }

            if (await Task.WhenAny(reported, deadline) == deadline)
            {
                Assert.Fail($"timed out waiting for {what}; states [{string.Join(", ", States)}], events [{string.Join(", ", Handled)}]");
            }
        }
    }

    public Task UntilHandledAsync(string kind, int count) =>
        UntilAsync(watch => watch.Count(kind) >= count, $"{count} '{kind}' event(s) handled");

    public Task UntilStateAsync(ServiceState state, int count = 1) =>
        UntilAsync(watch => watch.Count(state) >= count, $"the state {state} reached {count} time(s)");

    private void Record(Action add)
    {
        TaskCompletionSource reported;
        lock (_gate)
        {
            add();
            reported = _reported;
            _reported = NewSignal();
        }

        reported.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
