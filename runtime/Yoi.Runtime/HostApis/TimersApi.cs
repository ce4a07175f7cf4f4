using Yoi.Host.Timers;
using Yoi.Runtime.Services;
using Yoi.Wit.Bindings;
using WitError = Yoi.Host.Types.HostError;
using WitUnit = Yoi.Wit.Bindings.Unit;

namespace Yoi.Runtime.HostApis;

/// <summary>The host side of <c>yoi:host/timers@1.0.0</c> for one service instance: the generated <see cref="ITimersHost"/> over its <see cref="ServiceTimers"/>.</summary>
internal sealed class TimersApi(ServiceTimers timers) : ITimersHost
{
    public WitResult<uint, WitError> Set(uint delayMs) =>
        timers.Set(delayMs).TryGetValue(out var handle, out var error)
            ? WitResult<uint, WitError>.Ok(handle)
            : WitResult<uint, WitError>.Err(HostErrorMapping.ToWit(error));

    public ulong Now() => timers.NowMs;

    public WitResult<WitUnit, WitError> Cancel(uint timer) =>
        timers.Cancel(timer).TryGetValue(out _, out var error)
            ? WitResult<WitUnit, WitError>.Ok(WitUnit.Value)
            : WitResult<WitUnit, WitError>.Err(HostErrorMapping.ToWit(error));
}
