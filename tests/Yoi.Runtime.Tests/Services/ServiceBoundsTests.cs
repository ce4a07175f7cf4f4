using Yoi.Runtime.Hosting;
using Yoi.Runtime.Services;
using Yoi.Runtime.Tests.Hosting;
using Yoi.Runtime.Tests.WebSockets;

namespace Yoi.Runtime.Tests.Services;

/// <summary>
/// Every call into a service is bounded in wall-clock time: a guest that spins in start, handle,
/// invoke or stop is interrupted at its bound, and the service ends with every socket closed. The
/// guests spin the CPU on purpose, so the class runs alone, as the host's own spinning tests do.
/// </summary>
[Collection(SpinningGuests.Name)]
public class ServiceBoundsTests
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task A_start_that_spins_is_interrupted_at_the_start_bound()
    {
        await using var guest = ServiceGuest.Load();

        var started = await guest.TryStartAsync("spin", ServiceGuest.Options() with { StartTimeout = Short });

        Assert.False(started.IsOk, $"started: {started}");
        Assert.Equal(new ServiceFailure(ServiceFailureKind.TimedOut, "start", "the call ran longer than 0.3 s"), started.Error);
        Assert.Empty(guest.Host.Services);
        Assert.Empty(guest.Host.Instances);
    }

    [Fact]
    public async Task A_handle_that_spins_times_out_and_fails_the_service_with_its_sockets_closed()
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var guest = ServiceGuest.Load();
        var service = await guest.StartAsync("", ServiceGuest.Options() with { CallTimeout = Short });
        var watch = new ServiceWatch(service);
        await service.AskAsync("mode spin");
        var connection = await service.OpenAsync(peer.Url("/echo"));
        await service.OpenAsync(peer.Url("/echo"));
        var instance = service.Instance!;
        Assert.True(await ServiceGuest.EventuallyAsync(() => peer.Active == 2));

        await service.AskAsync($"send {connection} hi");
        var outcome = await service.EndedAsync();

        Assert.Equal(ServiceState.Failed, outcome.State);
        Assert.Equal(new ServiceFailure(ServiceFailureKind.TimedOut, "handle", "the call ran longer than 0.3 s"), outcome.Failure);
        Assert.Equal([ServiceState.Failed], watch.States);
        Assert.Equal(PluginInstanceState.Failed, instance.State);
        Assert.Equal(0, instance.WebSockets.OpenSocketCount);
        Assert.Equal(0, guest.Host.WebSockets.ConnectionCount);
        Assert.True(await ServiceGuest.EventuallyAsync(() => peer.Active == 0), $"the peer still has {peer.Active} connection(s)");
    }

    [Fact]
    public async Task An_invoke_that_spins_answers_timed_out_and_fails_the_service()
    {
        await using var guest = ServiceGuest.Load();
        var service = await guest.StartAsync("", ServiceGuest.Options() with { CallTimeout = Short });

        var refused = await service.RefusedAsync("spin");
        var outcome = await service.EndedAsync();

        Assert.Equal(PluginCallErrorKind.TimedOut, refused.Kind);
        Assert.Equal(new ServiceFailure(ServiceFailureKind.TimedOut, "invoke", "the call ran longer than 0.3 s"), outcome.Failure);
        Assert.Equal(ServiceState.Failed, outcome.State);
    }

    [Fact]
    public async Task A_stop_that_spins_is_interrupted_at_the_call_bound_and_the_service_still_stops()
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var guest = ServiceGuest.Load();
        var service = await guest.StartAsync("", ServiceGuest.Options() with { CallTimeout = Short });
        await service.AskAsync("stop-mode spin");
        await service.OpenAsync(peer.Url("/echo"));
        var instance = service.Instance!;

        // No grace: stop is called at once, spins, and is interrupted.
        var outcome = await service.StopAsync().WaitAsync(ServiceGuest.Bound);

        Assert.Equal(ServiceState.Stopped, outcome.State);
        Assert.Equal(new ServiceFailure(ServiceFailureKind.TimedOut, "stop", "the call ran longer than 0.3 s"), outcome.Failure);
        Assert.Equal(PluginInstanceState.Failed, instance.State);
        Assert.Equal(0, instance.WebSockets.OpenSocketCount);
        Assert.True(await ServiceGuest.EventuallyAsync(() => peer.Active == 0), $"the peer still has {peer.Active} connection(s)");
    }
}
