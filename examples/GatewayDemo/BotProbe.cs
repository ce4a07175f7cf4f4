using System.Text.Json.Nodes;
using Yoi.Mocks.Discord;
using Yoi.Runtime.Services;

namespace Yoi.Examples.GatewayDemo;

/// <summary>
/// Watches the running bot and its gateway: the bot's state (<c>invoke {"state": true}</c>, asked again
/// after each event the service handles) and status line, and the mock's recorded state. Every wait
/// ends early, as a failed step, when the service itself ends.
/// </summary>
internal sealed class BotProbe
{
    private readonly PluginService _service;
    private readonly MockGateway _gateway;
    private readonly Story _story;
    private readonly List<ServiceStateChange> _changes = [];
    private TaskCompletionSource _handled = NewSignal();

    public BotProbe(PluginService service, MockGateway gateway, Story story)
    {
        _service = service;
        _gateway = gateway;
        _story = story;
        service.EventHandled += (_, _) => Interlocked.Exchange(ref _handled, NewSignal()).TrySetResult();
        service.StateChanged += (_, change) =>
        {
            lock (_changes)
            {
                _changes.Add(change);
            }
        };
    }

    /// <summary>The service's state changes since the probe was made.</summary>
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

    public async Task<JsonObject> StateAsync()
    {
        var answer = await _service.InvokeAsync("""{"state":true}""").WaitAsync(_story.Remaining);
        if (!answer.TryGetValue(out var result, out var error))
        {
            throw new StepFailed($"the bot's state, but the call failed: {error}");
        }

        return result.TryGetOk(out var text) ? JsonNode.Parse(text)!.AsObject() : throw new StepFailed($"the bot's state, but it answered err: {result.ErrValue}");
    }

    /// <summary>The status as one line: <c>healthy — ready; seq 1; …</c>.</summary>
    public async Task<string> StatusLineAsync()
    {
        var answer = await _service.GetStatusAsync().WaitAsync(_story.Remaining);
        return answer.TryGetValue(out var status, out var error)
            ? $"status: {status.Health.ToString().ToLowerInvariant()} — {status.Detail}"
            : $"status: unavailable ({error})";
    }

    /// <summary>Waits until the bot's state satisfies <paramref name="condition"/>.</summary>
    public async Task<JsonObject> WaitForStateAsync(Func<JsonObject, bool> condition, string expected)
    {
        while (true)
        {
            var handled = Volatile.Read(ref _handled).Task;
            var state = await StateAsync();
            if (condition(state))
            {
                return state;
            }

            await WhileRunningAsync(handled, $"{expected} (the bot's state: {state.ToJsonString()})");
        }
    }

    /// <summary>Waits until the mock's recorded state satisfies <paramref name="condition"/>.</summary>
    public async Task<MockGatewaySnapshot> WaitForGatewayAsync(Func<MockGatewaySnapshot, bool> condition, string expected)
    {
        var wait = _gateway.WaitForAsync(condition, _story.Remaining);
        await WhileRunningAsync(wait, expected);
        try
        {
            return await wait;
        }
        catch (TimeoutException)
        {
            throw new StepFailed($"{expected}, within the demo's time budget");
        }
    }

    private async Task WhileRunningAsync(Task wait, string expected)
    {
        Task first;
        try
        {
            first = await Task.WhenAny(wait, _service.Completion).WaitAsync(_story.Remaining);
        }
        catch (TimeoutException)
        {
            throw new StepFailed($"{expected}, within the demo's time budget");
        }

        if (first == _service.Completion && !wait.IsCompleted)
        {
            var outcome = await _service.Completion;
            throw new StepFailed($"{expected}, but the service ended: {outcome.State}{(outcome.Failure is { } why ? $" ({why})" : "")}");
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
