using Yoi.Host.Timers;
using Yoi.Runtime.Services;
using Yoi.Wit.Bindings;
using WitError = Yoi.Host.Types.HostError;
using WitUnit = Yoi.Wit.Bindings.Unit;

namespace Yoi.Runtime.HostApis;

/// <summary>The host side of <c>yoi:host/timers@1.0.0</c> for one service instance: the generated <see cref="ITimersHost"/> over its <see cref="ServiceTimers"/>.</summary>
/// <param name="instance">The service instance's name, for spans.</param>
internal sealed class TimersApi(string instance, ServiceTimers timers) : ITimersHost
{
    public WitResult<uint, WitError> Set(uint delayMs)
    {
        using var activity = RuntimeTelemetry.HostCall(instance, "timers", "set");
        if (timers.Set(delayMs).TryGetValue(out var handle, out var error))
        {
            return WitResult<uint, WitError>.Ok(handle);
        }

        RuntimeTelemetry.Failed(activity, error);
        return WitResult<uint, WitError>.Err(HostErrorMapping.ToWit(error));
    }

    // No span: a clock read is cheaper than one.
    public ulong Now() => timers.NowMs;

    public WitResult<WitUnit, WitError> Cancel(uint timer)
    {
        using var activity = RuntimeTelemetry.HostCall(instance, "timers", "cancel");
        if (timers.Cancel(timer).TryGetValue(out _, out var error))
        {
            return WitResult<WitUnit, WitError>.Ok(WitUnit.Value);
        }

        RuntimeTelemetry.Failed(activity, error);
        return WitResult<WitUnit, WitError>.Err(HostErrorMapping.ToWit(error));
    }
}
