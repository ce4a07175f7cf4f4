using Yoi.Runtime.Hosting;
using Yoi.Runtime.Tests.WebSockets;
using Yoi.Runtime.WebSockets;
using static Yoi.Runtime.Tests.Hosting.Guest;

namespace Yoi.Runtime.Tests.Hosting;

/// <summary>The plugin instance owns its store, its instance and its connections; nothing outlives it.</summary>
public class PluginInstanceTests
{
    [Fact]
    public async Task Stop_closes_every_connection_and_refuses_later_calls()
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var host = new WebSocketHost();
        var instance = Start(host, TestPolicies.Loopback(peer.Port));
        for (var i = 0; i < 3; i++)
        {
            Ok(instance.Connect(peer.Url("/echo")));
        }

        Assert.True(await WaitFor.TrueAsync(() => peer.Active == 3));
        Assert.Equal(3, instance.WebSockets.OpenSocketCount);

        await instance.StopAsync();

        Assert.Equal(PluginInstanceState.Stopped, instance.State);
        Assert.Equal(0, instance.WebSockets.ConnectionCount);
        Assert.Equal(0, instance.WebSockets.OpenSocketCount);
        Assert.Equal(0, host.ConnectionCount);
        Assert.True(await WaitFor.TrueAsync(() => peer.Active == 0), $"server still has {peer.Active} connections");
        Assert.Contains("stopped", Assert.Throws<PluginInstanceUnavailableException>(() => instance.Run("x")).Message);
        await instance.StopAsync();
        instance.Dispose();
    }

    [Fact]
    public async Task Dispose_during_a_call_ends_the_call_and_leaves_no_socket_open()
    {
        await using var peer = await KestrelPeer.StartAsync();

        // The guest sends as fast as it can: the send budget must not end its loop before the dispose does.
        await using var host = new WebSocketHost(WebSocketLimits.Default with { MaxSendsPerWindow = WebSocketLimits.MaxSendBudget });
        var instance = Start(host, TestPolicies.Loopback(peer.Port));
        var handle = Ok(instance.Connect(peer.Url("/echo")));
        var looping = Task.Run(() => instance.Echo(handle, 1_000_000, 1024, binary: true));
        Assert.True(await WaitFor.TrueAsync(() => instance.WebSockets.Buffered(handle) is not null && peer.Active == 1));
        await Task.Delay(100);

        instance.Dispose();

        var ended = await looping.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(ended.IsErr, ended.ToString());
        Assert.Matches("^(send|recv): (invalid-handle|io)", ended.ErrValue);
        Assert.Equal(PluginInstanceState.Stopped, instance.State);
        Assert.True(await WaitFor.TrueAsync(() => peer.Active == 0), $"server still has {peer.Active} connections");
        Assert.Equal(0, host.ConnectionCount);
    }

    [Fact]
    public async Task A_handle_is_never_valid_in_another_instance()
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var host = new WebSocketHost();
        await using var owner = Start(host, TestPolicies.Loopback(peer.Port), "owner");
        await using var other = Start(host, TestPolicies.Loopback(peer.Port), "other");
        var handle = Ok(owner.Connect(peer.Url("/echo")));

        Assert.Equal("send: invalid-handle", Err(other.Echo(handle, 1, 16, binary: false)));
        Assert.Equal("close: invalid-handle", Err(other.Disconnect(handle)));
        Assert.Equal(1u, Ok(owner.Echo(handle, 1, 16, binary: false)));

        // Handles only count up per instance, and the other instance's own handle is not the owner's.
        var own = Ok(other.Connect(peer.Url("/echo")));
        Assert.NotEqual(handle, own);
        Assert.Equal("send: invalid-handle", Err(owner.Echo(own, 1, 16, binary: false)));

        await owner.StopAsync();
        Assert.Equal("send: invalid-handle", Err(other.Echo(handle, 1, 16, binary: false)));
        Assert.Equal(1u, Ok(other.Echo(own, 1, 16, binary: false)));
    }

    [Fact]
    public async Task Host_shutdown_closes_the_connections_of_every_instance()
    {
        await using var peer = await KestrelPeer.StartAsync();
        var host = new WebSocketHost();
        await using var one = Start(host, TestPolicies.Loopback(peer.Port), "one");
        await using var two = Start(host, TestPolicies.Loopback(peer.Port), "two");
        var handle = Ok(one.Connect(peer.Url("/echo")));
        Ok(two.Connect(peer.Url("/echo")));
        Assert.True(await WaitFor.TrueAsync(() => peer.Active == 2));

        await host.DisposeAsync();

        Assert.True(await WaitFor.TrueAsync(() => peer.Active == 0), $"server still has {peer.Active} connections");
        Assert.StartsWith("send: invalid-handle", Err(one.Echo(handle, 1, 8, binary: true)));
        Assert.StartsWith("open: io: ", Err(two.Connect(peer.Url("/echo"))));
    }

    [Fact]
    public async Task A_component_that_is_not_a_plugin_does_not_start_and_leaves_no_session()
    {
        await using var host = new WebSocketHost();
        using var empty = Wasmtime.Components.Component.FromText(Guest.Engine, "(component)");

        var error = Assert.Throws<PluginStartException>(StartEmpty);

        Assert.Contains("run", error.Message);
        Assert.Equal(0, host.SessionCount);

        PluginInstance StartEmpty() => PluginInstance.Start(Guest.Engine, empty, host, TestPolicies.Loopback(1), "empty");
    }
}
