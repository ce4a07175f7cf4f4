using Yoi.Runtime.Services;
using Yoi.Runtime.Tests.WebSockets;

namespace Yoi.Runtime.Tests.Services;

/// <summary>
/// The timers interface on the service clock: its bounds, a timer's event, cancelling before and after
/// it fired, timers.now, and timers dying with their instance.
/// </summary>
public class ServiceTimerTests
{
    [Fact]
    public async Task Set_refuses_delays_outside_its_bounds_and_timers_past_the_pending_maximum()
    {
        var clock = new ServiceClock();
        await using var guest = ServiceGuest.Load();
        var options = ServiceGuest.Options(clock) with { Timers = TimerLimits.Default with { MaxPending = 3 } };
        var service = await guest.StartAsync("", options);
        var watch = new ServiceWatch(service);

        Assert.Equal("invalid-argument: a timer's delay must be 10 to 3600000 ms, not 9", await service.AskErrAsync("set 9"));
        Assert.Equal("invalid-argument: a timer's delay must be 10 to 3600000 ms, not 3600001", await service.AskErrAsync("set 3600001"));
        var first = await service.SetTimerAsync(10);
        await service.SetTimerAsync(3_600_000);
        await service.SetTimerAsync(1000);
        Assert.Equal("limit: 3 timers are already pending (the most per instance)", await service.AskErrAsync("set 1000"));

        // A timer is pending until its event is handled; then its place is free again.
        clock.Advance(10);
        await watch.UntilHandledAsync("timer-fired", 1);
        await service.SetTimerAsync(1000);
        Assert.Equal($"t{first}", await service.LogAsync());
    }

    [Fact]
    public async Task A_timer_fires_on_the_service_clock_and_its_event_carries_its_handle()
    {
        var clock = new ServiceClock();
        await using var guest = ServiceGuest.Load();
        var service = await guest.StartAsync("", ServiceGuest.Options(clock));
        var watch = new ServiceWatch(service);
        var timer = await service.SetTimerAsync(100);

        // A timer that fired is queued before Advance returns, so a later invoke would come after it.
        clock.Advance(99);
        Assert.Equal("", await service.LogAsync());
        clock.Advance(1);
        await watch.UntilHandledAsync("timer-fired", 1);

        Assert.Equal($"t{timer}", await service.LogAsync());
        Assert.Equal("invalid-handle", await service.AskErrAsync($"cancel {timer}"));
        Assert.Equal(0, clock.Alive);
    }

    [Fact]
    public async Task A_timer_cancelled_before_it_fires_has_no_event()
    {
        var clock = new ServiceClock();
        await using var guest = ServiceGuest.Load();
        var service = await guest.StartAsync("", ServiceGuest.Options(clock));
        var watch = new ServiceWatch(service);
        var timer = await service.SetTimerAsync(100);

        Assert.Equal("", await service.AskAsync($"cancel {timer}"));
        Assert.Equal(0, clock.Alive);
        clock.Advance(1000);

        Assert.Equal("", await service.LogAsync());
        Assert.Equal("invalid-handle", await service.AskErrAsync($"cancel {timer}"));
        Assert.Empty(watch.Handled);
    }

    [Fact]
    public async Task A_timer_cancelled_after_it_fired_but_before_its_event_was_handled_is_skipped()
    {
        var clock = new ServiceClock();
        using var peer = new ScriptedPeer();
        await using var guest = ServiceGuest.Load();
        var service = await guest.StartAsync("", ServiceGuest.Options(clock));
        var watch = new ServiceWatch(service);
        var held = await service.OpenAsync(peer.Url(0));
        var timer = await service.SetTimerAsync(100);

        // The driver is held in an invoke that cancels the timer once the peer sends something.
        var holding = service.InvokeAsync($"hold {held} 20000;cancel {timer}");
        Assert.True(await ServiceGuest.EventuallyAsync(() => service.Queue!.Count == 0), "the hold was never taken");
        clock.Advance(100);
        Assert.Equal(1, service.Queue!.Count);
        peer.Push(0, "go");

        Assert.Equal("m;", (await holding.WaitAsync(ServiceGuest.Bound)).Value.OkValue);
        Assert.Equal("hm", await service.LogAsync());
        Assert.Equal(0, watch.Count("timer-fired"));
        Assert.Equal("invalid-handle", await service.AskErrAsync($"cancel {timer}"));
    }

    [Fact]
    public async Task Now_counts_the_milliseconds_of_the_service_clock_since_the_instance_started()
    {
        var clock = new ServiceClock();
        clock.Advance(TimeSpan.FromHours(3));
        await using var guest = ServiceGuest.Load();
        var service = await guest.StartAsync("", ServiceGuest.Options(clock));

        Assert.Equal("0", await service.AskAsync("now"));
        clock.Advance(1234);
        Assert.Equal("1234", await service.AskAsync("now"));
    }

    [Fact]
    public async Task Pending_timers_die_with_their_instance()
    {
        var clock = new ServiceClock();
        await using var guest = ServiceGuest.Load();
        var service = await guest.StartAsync("do mode err;set 500;set 50", ServiceGuest.Options(clock));
        Assert.Equal(2, clock.Alive);

        clock.Advance(50);
        var outcome = await service.EndedAsync();

        Assert.Equal(ServiceState.Failed, outcome.State);
        Assert.Equal(0, clock.Alive);
    }
}
