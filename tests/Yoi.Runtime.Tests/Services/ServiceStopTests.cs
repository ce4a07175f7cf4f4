using System.Net.WebSockets;
using Yoi.Runtime.Hosting;
using Yoi.Runtime.Services;
using Yoi.Runtime.Tests.WebSockets;

namespace Yoi.Runtime.Tests.Services;

/// <summary>
/// A stop the host asks for: the stopping event first, then events go on being handled until the
/// guest has nothing open or the grace (on the service clock) has passed, then stop, then whatever is
/// left is closed. The guest's stop closes its connections with 4001, so a peer sees that stop ran.
/// </summary>
public class ServiceStopTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    private static ServiceOptions Options(ServiceClock clock) => ServiceGuest.Options(clock) with { StopGrace = Grace };

    [Fact]
    public async Task A_service_with_nothing_open_hears_stopping_and_stops_without_waiting_for_the_grace()
    {
        var clock = new ServiceClock();
        await using var guest = ServiceGuest.Load();
        var service = await guest.StartAsync("", Options(clock));
        var watch = new ServiceWatch(service);

        var outcome = await service.StopAsync().WaitAsync(ServiceGuest.Bound);

        Assert.Equal(new ServiceOutcome(ServiceState.Stopped, null, 0), outcome);
        Assert.Equal(["stopping"], watch.Handled);
        Assert.Equal([ServiceState.Stopping, ServiceState.Stopped], watch.States);
        Assert.Same(outcome, await service.StopAsync());
        Assert.Equal(PluginCallErrorKind.Unavailable, (await service.RefusedAsync("log")).Kind);
        Assert.Empty(guest.Host.Services);
    }

    [Fact]
    public async Task A_connection_left_open_holds_the_stop_until_the_grace_has_passed_then_stop_closes_it()
    {
        var clock = new ServiceClock();
        await using var peer = await KestrelPeer.StartAsync();
        await using var guest = ServiceGuest.Load();
        var service = await guest.StartAsync("", Options(clock));
        var watch = new ServiceWatch(service);
        await service.OpenAsync(peer.Url("/echo"));
        var timers = clock.Created;

        var stopping = service.StopAsync();
        await watch.UntilHandledAsync("stopping", 1);
        Assert.True(await ServiceGuest.EventuallyAsync(() => clock.Created > timers), "the grace was never armed");

        Assert.Equal(ServiceState.Stopping, service.State);
        Assert.Equal(PluginCallErrorKind.Unavailable, (await service.RefusedAsync("log")).Kind);
        clock.Advance(Grace - TimeSpan.FromMilliseconds(1));
        Assert.False(stopping.IsCompleted);
        Assert.Empty(peer.ClosesReceived);

        clock.Advance(TimeSpan.FromMilliseconds(1));
        var outcome = await stopping.WaitAsync(ServiceGuest.Bound);

        Assert.Equal(new ServiceOutcome(ServiceState.Stopped, null, 0), outcome);
        Assert.True(await ServiceGuest.EventuallyAsync(() => peer.Active == 0), $"the peer still has {peer.Active} connection(s)");
        Assert.Equal((WebSocketCloseStatus)4001, Assert.Single(peer.ClosesReceived));
        Assert.Equal(["stopping"], watch.Handled);
    }

    [Fact]
    public async Task The_grace_ends_as_soon_as_the_guest_has_no_connection_and_no_timer_left()
    {
        var clock = new ServiceClock();
        using var peer = new ScriptedPeer();
        await using var guest = ServiceGuest.Load();
        var service = await guest.StartAsync("", Options(clock));
        var watch = new ServiceWatch(service);
        await service.OpenAsync(peer.Url(0));
        await service.SetTimerAsync(100);

        var stopping = service.StopAsync();
        await watch.UntilHandledAsync("stopping", 1);

        // The peer's close is handled (recv takes it and the handle goes); the timer still holds the stop.
        peer.Close(0, 4000, "bye");
        await watch.UntilHandledAsync("readable", 1);
        Assert.False(stopping.IsCompleted);
        Assert.Equal(0, service.Instance!.WebSockets.ConnectionCount);

        // Its event is the last thing the guest waited for.
        clock.Advance(100);
        var outcome = await stopping.WaitAsync(ServiceGuest.Bound);

        Assert.Equal(new ServiceOutcome(ServiceState.Stopped, null, 0), outcome);
        Assert.Equal(["stopping", "readable", "timer-fired"], watch.Handled);
        Assert.True(await ServiceGuest.EventuallyAsync(() => peer.Active == 0), $"the peer still has {peer.Active} connection(s)");
    }

    [Fact]
    public async Task The_move_to_stopping_is_reported_on_the_drivers_loop_not_inside_StopAsync()
    {
        // Reported from StopAsync, it ran on the caller's thread, beside (and possibly after) a change the
        // driver reported at the same time, e.g. a failure racing the stop.
        await using var guest = ServiceGuest.Load();
        var service = await guest.StartAsync();
        var watch = new ServiceWatch(service);
        var caller = Environment.CurrentManagedThreadId;
        var insideStop = false;
        var reportedInsideStop = new List<ServiceState>();
        service.StateChanged += (_, change) =>
        {
            if (Volatile.Read(ref insideStop) && Environment.CurrentManagedThreadId == caller)
            {
                reportedInsideStop.Add(change.To);
            }
        };

        Volatile.Write(ref insideStop, true);
        var stopping = service.StopAsync();
        Volatile.Write(ref insideStop, false);
        await stopping.WaitAsync(ServiceGuest.Bound);

        Assert.Empty(reportedInsideStop);
        Assert.Equal([ServiceState.Stopping, ServiceState.Stopped], watch.States);
        Assert.Equal(ServiceState.Stopping, watch.Changes[1].From);
    }
}
