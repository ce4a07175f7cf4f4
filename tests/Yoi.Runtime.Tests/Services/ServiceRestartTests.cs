using Yoi.Runtime.Hosting;
using Yoi.Runtime.Services;
using Yoi.Runtime.Tests.WebSockets;

namespace Yoi.Runtime.Tests.Services;

/// <summary>
/// The restart policy, on the service clock: a failed instance is replaced by a new one after the
/// backoff (doubling each time), restarts are counted, and the service gives up after the maximum.
/// The guest's config makes every instance fail on its own: "do mode err;set 50" sets a timer in
/// start whose event, 50 ms later, is answered with err.
/// </summary>
public class ServiceRestartTests
{
    private const string FailsAfter50Ms = "do mode err;set 50";

    [Fact]
    public async Task A_failing_service_restarts_after_its_backoff_and_gives_up_after_its_maximum()
    {
        var clock = new ServiceClock();
        await using var guest = ServiceGuest.Load();
        var options = ServiceGuest.Options(clock) with { Restart = ServiceRestartPolicy.OnFailure(2, TimeSpan.FromSeconds(1)) };
        var service = await guest.StartAsync(FailsAfter50Ms, options);
        var watch = new ServiceWatch(service);

        for (var restart = 1; restart <= 2; restart++)
        {
            var instance = service.Instance;
            var timers = clock.Created;
            clock.Advance(50);
            await watch.UntilStateAsync(ServiceState.Restarting, restart);
            Assert.True(await ServiceGuest.EventuallyAsync(() => clock.Created > timers), "the backoff was never armed");
            Assert.Equal(ServiceFailureKind.Error, service.LastFailure!.Kind);
            Assert.Equal(PluginCallErrorKind.Unavailable, (await service.RefusedAsync("log")).Kind);

            // 1 s before the first restart, 2 s before the second.
            var backoff = TimeSpan.FromSeconds(restart == 1 ? 1 : 2);
            clock.Advance(backoff - TimeSpan.FromMilliseconds(1));
            Assert.Equal(ServiceState.Restarting, service.State);
            Assert.Equal(restart - 1, service.Restarts);

            clock.Advance(TimeSpan.FromMilliseconds(1));
            await watch.UntilStateAsync(ServiceState.Running, restart);
            Assert.Equal(restart, service.Restarts);
            Assert.NotSame(instance, service.Instance);
            Assert.Equal(FailsAfter50Ms, (await service.StatusAsync()).Detail);
        }

        clock.Advance(50);
        var outcome = await service.EndedAsync();

        Assert.Equal(ServiceState.Failed, outcome.State);
        Assert.Equal(2, outcome.Restarts);
        Assert.Equal(new ServiceFailure(ServiceFailureKind.Error, "handle", "handle failed"), outcome.Failure);
        Assert.Equal(
            [
                ServiceState.Restarting, ServiceState.Starting, ServiceState.Running,
                ServiceState.Restarting, ServiceState.Starting, ServiceState.Running,
                ServiceState.Failed,
            ],
            watch.States);
        Assert.Equal(0, clock.Alive);
    }

    [Fact]
    public async Task Without_a_policy_a_failed_service_stays_failed()
    {
        var clock = new ServiceClock();
        await using var guest = ServiceGuest.Load();
        var service = await guest.StartAsync(FailsAfter50Ms, ServiceGuest.Options(clock));
        var watch = new ServiceWatch(service);

        clock.Advance(50);
        var outcome = await service.EndedAsync();

        Assert.Equal(ServiceState.Failed, outcome.State);
        Assert.Equal(0, outcome.Restarts);
        Assert.Equal([ServiceState.Failed], watch.States);
        Assert.Equal(0, clock.Alive);
    }

    [Fact]
    public async Task A_stop_during_the_backoff_ends_the_service_at_once()
    {
        var clock = new ServiceClock();
        await using var guest = ServiceGuest.Load();
        var options = ServiceGuest.Options(clock) with { Restart = ServiceRestartPolicy.OnFailure(3, TimeSpan.FromSeconds(1)) };
        var service = await guest.StartAsync(FailsAfter50Ms, options);
        var watch = new ServiceWatch(service);
        clock.Advance(50);
        await watch.UntilStateAsync(ServiceState.Restarting);

        var outcome = await service.StopAsync().WaitAsync(ServiceGuest.Bound);

        Assert.Equal(ServiceState.Stopped, outcome.State);
        Assert.Equal(0, outcome.Restarts);
        Assert.Equal(new ServiceFailure(ServiceFailureKind.Error, "handle", "handle failed"), outcome.Failure);
        Assert.Equal([ServiceState.Restarting, ServiceState.Stopped], watch.States);
        Assert.Empty(guest.Host.Services);
    }
}
