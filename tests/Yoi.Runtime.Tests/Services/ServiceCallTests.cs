using System.Text;
using Yoi.Host.ServiceTypes;
using Yoi.Runtime.Hosting;
using Yoi.Runtime.Services;
using Yoi.Runtime.Tests.WebSockets;

namespace Yoi.Runtime.Tests.Services;

/// <summary>
/// Calls from the host application: serialised with events in one queue, bounded in number while
/// they wait, and status's detail bounded in bytes. The driver is kept busy with the guest's "hold"
/// (one recv in an invoke) on a scripted peer's connection until the test pushes there.
/// </summary>
public class ServiceCallTests
{
    [Fact]
    public async Task More_calls_than_may_wait_are_refused_as_busy_and_the_waiting_ones_still_run()
    {
        using var peer = new ScriptedPeer();
        await using var guest = ServiceGuest.Load();
        var service = await guest.StartAsync("", ServiceGuest.Options() with { MaxPendingCalls = 3 });
        var held = await service.OpenAsync(peer.Url(0));
        var holding = service.InvokeAsync($"hold {held} 20000");
        Assert.True(await ServiceGuest.EventuallyAsync(() => service.Queue!.Count == 0), "the hold was never taken");

        var first = service.InvokeAsync("mark 1");
        var second = service.InvokeAsync("mark 2");
        var status = service.GetStatusAsync();
        var refused = service.InvokeAsync("mark 3");
        var refusedStatus = service.GetStatusAsync();

        // Refused at once, not queued.
        Assert.True(refused.IsCompleted && refusedStatus.IsCompleted);
        Assert.Equal(new PluginCallError(PluginCallErrorKind.Busy, "3 calls are already waiting for the service"), (await refused).Error);
        Assert.Equal(PluginCallErrorKind.Busy, (await refusedStatus).Error.Kind);
        Assert.Equal(3, service.Queue!.Count);

        peer.Push(0, "release");
        Assert.Equal("m", (await holding.WaitAsync(ServiceGuest.Bound)).Value.OkValue);
        Assert.Equal("", (await first.WaitAsync(ServiceGuest.Bound)).Value.OkValue);
        Assert.Equal("", (await second.WaitAsync(ServiceGuest.Bound)).Value.OkValue);
        Assert.True((await status.WaitAsync(ServiceGuest.Bound)).IsOk);
        Assert.Equal("hm 1 2", await service.LogAsync());
        Assert.Equal(ServiceState.Running, service.State);
    }

    [Fact]
    public async Task Calls_waiting_when_the_service_fails_are_refused_with_the_reason()
    {
        using var peer = new ScriptedPeer();
        await using var guest = ServiceGuest.Load();
        var service = await guest.StartAsync();
        await service.AskAsync("mode err");
        await service.OpenAsync(peer.Url(0));
        var held = await service.OpenAsync(peer.Url(1));
        var holding = service.InvokeAsync($"hold {held} 20000");
        Assert.True(await ServiceGuest.EventuallyAsync(() => service.Queue!.Count == 0), "the hold was never taken");
        peer.Push(0, "fails");
        Assert.True(await ServiceGuest.EventuallyAsync(() => service.Queue!.Count == 1), "the readable was never queued");

        // Queued behind the readable whose handle fails the service.
        var waiting = service.InvokeAsync("mark A");
        var status = service.GetStatusAsync();
        peer.Push(1, "release");

        Assert.Equal("m", (await holding.WaitAsync(ServiceGuest.Bound)).Value.OkValue);
        var refused = (await waiting.WaitAsync(ServiceGuest.Bound)).Error;
        Assert.Equal(new PluginCallError(PluginCallErrorKind.Unavailable, "the service failed: handle returned err: handle failed"), refused);
        Assert.Equal(PluginCallErrorKind.Unavailable, (await status.WaitAsync(ServiceGuest.Bound)).Error.Kind);
        Assert.Equal(ServiceState.Failed, (await service.EndedAsync()).State);
    }

    [Fact]
    public async Task Invokes_and_events_run_one_at_a_time_in_the_order_they_were_queued()
    {
        var clock = new ServiceClock();
        using var peer = new ScriptedPeer();
        await using var guest = ServiceGuest.Load();
        var service = await guest.StartAsync("", ServiceGuest.Options(clock));
        var data = await service.OpenAsync(peer.Url(0));
        var held = await service.OpenAsync(peer.Url(1));
        var timer = await service.SetTimerAsync(100);
        var holding = service.InvokeAsync($"hold {held} 20000");
        Assert.True(await ServiceGuest.EventuallyAsync(() => service.Queue!.Count == 0), "the hold was never taken");

        var before = service.InvokeAsync("mark A");
        peer.Push(0, "one");
        Assert.True(await ServiceGuest.EventuallyAsync(() => service.Queue!.Count == 2), "the readable was never queued");
        clock.Advance(100);
        var after = service.InvokeAsync("mark B");
        peer.Push(0, "two");
        Assert.True(await ServiceGuest.EventuallyAsync(() => service.Instance!.WebSockets.Buffered(data)?.Messages == 2));
        Assert.Equal(4, service.Queue!.Count);

        // Nothing ran while the hold did; the mark queued first waited behind it.
        Assert.False(before.IsCompleted);
        peer.Push(1, "release");
        await holding.WaitAsync(ServiceGuest.Bound);
        await after.WaitAsync(ServiceGuest.Bound);

        Assert.True(before.IsCompletedSuccessfully);
        Assert.Equal($"hm A r{data}:mm t{timer} B", await service.LogAsync());
    }

    [Fact]
    public async Task A_caller_that_stops_waiting_does_not_take_its_call_back()
    {
        using var peer = new ScriptedPeer();
        await using var guest = ServiceGuest.Load();
        var service = await guest.StartAsync();
        var held = await service.OpenAsync(peer.Url(0));
        var holding = service.InvokeAsync($"hold {held} 20000");
        using var impatient = new CancellationTokenSource();

        var waiting = service.InvokeAsync("mark A", impatient.Token);
        impatient.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);

        peer.Push(0, "release");
        await holding.WaitAsync(ServiceGuest.Bound);
        Assert.Equal("hm A", await service.LogAsync());
    }

    [Theory]
    [InlineData(512, 512, 0)]
    [InlineData(513, 509, 1)]
    public async Task A_status_detail_over_the_bound_is_cut_and_marked_and_one_within_it_is_kept(int length, int kept, int marks)
    {
        await using var guest = ServiceGuest.Load();
        var service = await guest.StartAsync(new string('b', length));

        var detail = (await service.StatusAsync()).Detail;

        Assert.Equal(new string('b', kept) + new string('…', marks), detail);
        Assert.True(Encoding.UTF8.GetByteCount(detail) <= 512);
    }

    [Fact]
    public async Task A_status_detail_is_cut_at_a_character_boundary_whatever_the_characters_widths()
    {
        await using var guest = ServiceGuest.Load();

        // 1 + 3 × 300 bytes: 509 bytes of room before the mark hold "a" and 169 whole euro signs (508 bytes).
        var euros = await guest.StartAsync("a" + string.Concat(Enumerable.Repeat("€", 300)));
        Assert.Equal("a" + string.Concat(Enumerable.Repeat("€", 169)) + "…", (await euros.StatusAsync()).Detail);

        // 4-byte characters (surrogate pairs in .NET): 127 of them fit in 509 bytes, never half of one.
        var faces = await guest.StartAsync(string.Concat(Enumerable.Repeat("😀", 200)));
        Assert.Equal(string.Concat(Enumerable.Repeat("😀", 127)) + "…", (await faces.StatusAsync()).Detail);

        // A host's own bound: 16 bytes leave room for 4 euro signs and the mark.
        var small = await guest.StartAsync(string.Concat(Enumerable.Repeat("€", 10)), ServiceGuest.Options() with { MaxStatusDetailBytes = 16 });
        var status = await small.StatusAsync();
        Assert.Equal(new ServiceStatus(Health.Healthy, "€€€€…"), status);
        Assert.Equal(15, Encoding.UTF8.GetByteCount(status.Detail));
    }
}
