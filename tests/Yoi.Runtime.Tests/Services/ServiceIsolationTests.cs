using Microsoft.Extensions.Time.Testing;
using Yoi.Runtime.Hosting;
using Yoi.Runtime.Services;
using Yoi.Runtime.Tests.WebSockets;
using Yoi.Runtime.WebSockets;

namespace Yoi.Runtime.Tests.Services;

/// <summary>
/// What a service learns and how: an event carries a u32 handle and nothing else, data reaches the
/// guest only as what its own recv returns, and a connection the host ends (its idle bound) is one
/// more readable whose recv is the error.
/// </summary>
public class ServiceIsolationTests
{
    [Fact]
    public async Task Events_carry_only_the_handles_open_returned_and_data_arrives_only_through_recv()
    {
        using var peer = new ScriptedPeer();
        await using var guest = ServiceGuest.Load();
        var service = await guest.StartAsync();
        var watch = new ServiceWatch(service);
        await service.AskAsync("mode ignore");
        var first = await service.OpenAsync(peer.Url(0));
        var second = await service.OpenAsync(peer.Url(1));

        peer.Push(0, "alpha");
        await watch.UntilHandledAsync("readable", 1);
        peer.Push(1, "bravo-bravo");
        await watch.UntilHandledAsync("readable", 2);

        // Told twice, with the handles and nothing more: not one byte has reached the guest.
        Assert.Equal($"r{first}: r{second}:", await service.LogAsync());
        Assert.Equal("0;0", await service.AskAsync("count;bytes"));

        // What it takes, it takes through recv, item by item, exactly what was sent.
        await service.AskAsync("mode drain");
        peer.Push(0, "x");
        await watch.UntilHandledAsync("readable", 3);
        peer.Push(1, "yy");
        await watch.UntilHandledAsync("readable", 4);
        Assert.Equal($"r{first}: r{second}: r{first}:mm r{second}:mm", await service.LogAsync());
        Assert.Equal("4;19", await service.AskAsync("count;bytes"));
        Assert.Equal(["readable", "readable", "readable", "readable"], watch.Handled);
    }

    [Fact]
    public async Task A_connection_past_its_idle_timeout_is_readable_and_its_recv_is_the_expiry_error()
    {
        var hostTime = new FakeTimeProvider();
        await using var peer = await KestrelPeer.StartAsync();
        var limits = WebSocketLimits.Default with { IdleTimeout = TimeSpan.FromMinutes(1), Lifetime = TimeSpan.FromHours(1) };
        await using var guest = ServiceGuest.Load(new PluginHostOptions { WebSockets = limits }, hostTime);
        var service = await guest.StartAsync();
        var watch = new ServiceWatch(service);
        var connection = await service.OpenAsync(peer.Url("/echo"));

        hostTime.Advance(TimeSpan.FromMinutes(1));
        await watch.UntilHandledAsync("readable", 1);

        Assert.Equal($"r{connection}:e", await service.LogAsync());
        Assert.StartsWith("io: the connection expired: idle for 00:01:00", await service.AskAsync("last-error"));
        Assert.Equal("invalid-handle", await service.AskErrAsync($"close {connection}"));
        Assert.True(await ServiceGuest.EventuallyAsync(() => peer.Active == 0), $"the peer still has {peer.Active} connection(s)");
        Assert.True(await ServiceGuest.EventuallyAsync(() => service.OpenSocketCount == 0));

        // The host ended a connection, not the service.
        Assert.Equal(ServiceState.Running, service.State);
        Assert.Null(service.LastFailure);
    }
}
