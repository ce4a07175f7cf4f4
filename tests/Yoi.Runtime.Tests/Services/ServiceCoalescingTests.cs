using Yoi.Runtime.Hosting;
using Yoi.Runtime.Services;
using Yoi.Runtime.Tests.WebSockets;
using Yoi.Wit.Bindings;

namespace Yoi.Runtime.Tests.Services;

/// <summary>
/// <c>readable</c> is level-triggered and coalesced: while one waits for a connection, more items
/// arriving add nothing to the queue; after handle the host queues it again only while items remain
/// and the guest took one. The driver is kept busy with the guest's "hold" (one recv on another
/// connection of the scripted peer, in an invoke) until the test releases it by pushing there.
/// </summary>
public class ServiceCoalescingTests
{
    private const int Data = 0;
    private const int Held = 1;

    /// <summary>A service with a data connection (peer connection 0) and a held one (1), in <paramref name="mode"/>.</summary>
    private static async Task<(PluginService Service, ServiceWatch Watch, uint Data, uint Held)> StartAsync(ServiceGuest guest, ScriptedPeer peer, string mode)
    {
        var service = await guest.StartAsync();
        var watch = new ServiceWatch(service);
        await service.AskAsync($"mode {mode}");
        var data = await service.OpenAsync(peer.Url(Data));
        var held = await service.OpenAsync(peer.Url(Held));
        return (service, watch, data, held);
    }

    /// <summary>Starts the hold and waits until the driver has taken it: everything queued from now on waits behind it.</summary>
    private static async Task<Task<Result<WitResult<string, string>, PluginCallError>>> HoldAsync(PluginService service, uint held)
    {
        var holding = service.InvokeAsync($"hold {held} 20000");
        Assert.True(await ServiceGuest.EventuallyAsync(() => service.Queue!.Count == 0), "the hold was never taken");
        return holding;
    }

    private static async Task ReleaseAsync(ScriptedPeer peer, Task<Result<WitResult<string, string>, PluginCallError>> holding)
    {
        peer.Push(Held, "release");
        var answer = await holding.WaitAsync(ServiceGuest.Bound);
        Assert.Equal("m", answer.Value.OkValue);
    }

    private static async Task PushAndWaitAsync(PluginService service, ScriptedPeer peer, uint handle, int count, string prefix = "message")
    {
        var before = service.Instance!.WebSockets.Buffered(handle)!.Value.Messages;
        for (var i = 0; i < count; i++)
        {
            peer.Push(Data, $"{prefix}-{i}");
        }

        Assert.True(
            await ServiceGuest.EventuallyAsync(() => service.Instance!.WebSockets.Buffered(handle)?.Messages == before + count),
            $"the host buffered {service.Instance!.WebSockets.Buffered(handle)?.Messages} of {before + count} messages");
    }

    [Fact]
    public async Task Messages_arriving_while_the_driver_is_busy_queue_one_readable_that_is_drained_in_one_call()
    {
        using var peer = new ScriptedPeer();
        await using var guest = ServiceGuest.Load();
        var (service, watch, data, held) = await StartAsync(guest, peer, "drain");
        var holding = await HoldAsync(service, held);

        await PushAndWaitAsync(service, peer, data, 10);

        Assert.Equal(1, service.Queue!.Count);
        Assert.Equal(1, service.Queue.HighWater);
        await ReleaseAsync(peer, holding);
        Assert.Equal($"hm r{data}:mmmmmmmmmm", await service.LogAsync());
        Assert.Equal(1, watch.Count("readable"));
        Assert.Equal("11", await service.AskAsync("count"));
    }

    [Fact]
    public async Task Readiness_is_queued_once_per_connection_in_the_order_connections_became_ready()
    {
        using var peer = new ScriptedPeer();
        await using var guest = ServiceGuest.Load();
        var service = await guest.StartAsync();
        var first = await service.OpenAsync(peer.Url(0));
        var second = await service.OpenAsync(peer.Url(1));
        var held = await service.OpenAsync(peer.Url(2));
        var holding = service.InvokeAsync($"hold {held} 20000");
        Assert.True(await ServiceGuest.EventuallyAsync(() => service.Queue!.Count == 0), "the hold was never taken");

        peer.Push(1, "b");
        Assert.True(await ServiceGuest.EventuallyAsync(() => service.Queue!.Count == 1));
        peer.Push(0, "a");
        peer.Push(1, "b");
        peer.Push(0, "a");
        Assert.True(await ServiceGuest.EventuallyAsync(() =>
            service.Instance!.WebSockets.Buffered(first)?.Messages == 2 && service.Instance.WebSockets.Buffered(second)?.Messages == 2));

        Assert.Equal(2, service.Queue!.Count);
        Assert.Equal(2, service.Queue.HighWater);
        peer.Push(2, "release");
        Assert.Equal("m", (await holding.WaitAsync(ServiceGuest.Bound)).Value.OkValue);
        Assert.Equal($"hm r{second}:mm r{first}:mm", await service.LogAsync());
    }

    [Fact]
    public async Task In_one_mode_readiness_is_queued_again_after_each_call_until_the_connection_is_drained()
    {
        using var peer = new ScriptedPeer();
        await using var guest = ServiceGuest.Load();
        var (service, watch, data, held) = await StartAsync(guest, peer, "one");
        var holding = await HoldAsync(service, held);
        await PushAndWaitAsync(service, peer, data, 3);
        Assert.Equal(1, service.Queue!.Count);

        await ReleaseAsync(peer, holding);
        await watch.UntilHandledAsync("readable", 3);

        Assert.Equal($"hm r{data}:m r{data}:m r{data}:m", await service.LogAsync());
        Assert.Equal(3, watch.Count("readable"));
        Assert.Equal(0, service.Instance!.WebSockets.Buffered(data)!.Value.Messages);
    }

    [Fact]
    public async Task A_connection_the_guest_leaves_untouched_is_handed_again_only_when_a_new_item_arrives()
    {
        using var peer = new ScriptedPeer();
        await using var guest = ServiceGuest.Load();
        var (service, watch, data, held) = await StartAsync(guest, peer, "ignore");
        var holding = await HoldAsync(service, held);
        await PushAndWaitAsync(service, peer, data, 3);
        await ReleaseAsync(peer, holding);
        await watch.UntilHandledAsync("readable", 1);

        // Were it queued again, it would come before this mark (or right after it) and before the log.
        await service.AskAsync("mark A");
        Assert.Equal($"hm r{data}: A", await service.LogAsync());
        Assert.Equal("1;7", await service.AskAsync("count;bytes"));
        Assert.Equal(3, service.Instance!.WebSockets.Buffered(data)!.Value.Messages);

        // A new item makes it readable again; still untouched.
        await PushAndWaitAsync(service, peer, data, 1, "late");
        await watch.UntilHandledAsync("readable", 2);
        await service.AskAsync("mode drain");

        // The next one is drained with all it holds: five items, taken only now, only by recv.
        peer.Push(Data, "last-0");
        await watch.UntilHandledAsync("readable", 3);
        Assert.Equal($"hm r{data}: A r{data}: r{data}:mmmmm", await service.LogAsync());
        Assert.Equal("6;46", await service.AskAsync("count;bytes"));
    }
}
