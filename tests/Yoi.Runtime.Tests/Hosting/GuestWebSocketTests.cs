using System.Net.WebSockets;
using Yoi.Runtime.Hosting;
using Yoi.Runtime.Tests.WebSockets;
using Yoi.Runtime.WebSockets;
using static Yoi.Runtime.Tests.Hosting.Guest;

namespace Yoi.Runtime.Tests.Hosting;

/// <summary>
/// A guest component (tests/Guests/websocket-guest.wat) drives host-owned WebSockets end to end:
/// guest → generated <c>WebsocketHost</c> glue → <c>WebSocketApi</c> → session → a real Kestrel peer.
/// </summary>
public class GuestWebSocketTests
{
    [Fact]
    public async Task A_guest_opens_sends_text_and_binary_receives_the_echoes_and_closes()
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var host = new WebSocketHost();
        await using var instance = Start(host, TestPolicies.Loopback(peer.Port));

        var output = Ok(instance.Run(peer.Url("/echo")));

        Assert.Equal("hello from guest|\u0000\u0001\u007fB", output);
        Assert.True(await WaitFor.TrueAsync(() => peer.ClosesReceived.Contains(WebSocketCloseStatus.NormalClosure)));
        Assert.True(await WaitFor.TrueAsync(() => peer.Active == 0));
        Assert.Equal(1, peer.Accepted);
        Assert.Equal(0, instance.WebSockets.ConnectionCount);
        Assert.Equal(0, host.ConnectionCount);
        Assert.Equal(PluginInstanceState.Running, instance.State);
    }

    [Fact]
    public async Task An_undeclared_url_is_denied_as_a_typed_result_and_the_instance_lives_on()
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var host = new WebSocketHost();
        await using var instance = Start(host, TestPolicies.Loopback(peer.Port));

        var error = Err(instance.Run($"ws://127.0.0.1:{peer.Port + 1}/echo"));

        Assert.StartsWith("open: denied: ", error);
        Assert.Equal(0, peer.Accepted);
        Assert.Equal(PluginInstanceState.Running, instance.State);
        Assert.StartsWith("open: denied: ", Err(instance.Connect("ws://example.com/")));
        Assert.StartsWith("open: invalid-argument: ", Err(instance.Connect("ws://user@127.0.0.1/#frag")));
        Assert.Equal("hello from guest|\u0000\u0001\u007fB", Ok(instance.Run(peer.Url("/echo"))));
    }

    [Fact]
    public async Task Errors_reach_the_guest_as_values_for_every_case_it_can_meet()
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var host = new WebSocketHost(WebSocketLimits.Default with { MaxConnectionsPerInstance = 1, MaxMessageBytes = 1024 });
        await using var instance = Start(host, TestPolicies.Loopback(peer.Port));

        var handle = Ok(instance.Connect(peer.Url("/echo")));
        Assert.StartsWith("open: limit: ", Err(instance.Connect(peer.Url("/echo"))));
        Assert.StartsWith("send: limit: ", Err(instance.Echo(handle, 1, 1025, binary: true)));
        Assert.Equal(3u, Ok(instance.Echo(handle, 3, 1024, binary: false)));
        Assert.Equal("send: invalid-handle", Err(instance.Echo(handle + 1, 1, 8, binary: true)));
        Ok(instance.Disconnect(handle));
        Assert.Equal("close: invalid-handle", Err(instance.Disconnect(handle)));

        var closing = Ok(instance.Connect(peer.Url("/close")));
        // The peer closes at once: the guest meets it either as the close or as a send on a closed connection.
        Assert.Matches("^(recv: closed by the peer|send: io: )", Err(instance.Echo(closing, 1, 8, binary: false)));
        Assert.Equal(PluginInstanceState.Running, instance.State);
    }

    [Fact]
    public async Task A_guest_that_traps_mid_connection_has_its_connections_closed_and_is_refused_afterwards()
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var host = new WebSocketHost();
        await using var bystander = Start(host, TestPolicies.Loopback(peer.Port), "bystander");
        await using var instance = Start(host, TestPolicies.Loopback(peer.Port), "trapper");
        var survivor = Ok(bystander.Connect(peer.Url("/echo")));
        Ok(instance.Connect(peer.Url("/echo")));
        Ok(instance.Connect(peer.Url("/push?n=100&size=100")));
        Assert.True(await WaitFor.TrueAsync(() => peer.Active == 3));

        var trapped = Assert.Throws<PluginTrappedException>(instance.Boom);

        Assert.Contains("wasm trap", trapped.Message);
        Assert.Equal(PluginInstanceState.Failed, instance.State);
        Assert.Equal(0, instance.WebSockets.ConnectionCount);
        Assert.Equal(0, instance.WebSockets.OpenSocketCount);
        Assert.True(await WaitFor.TrueAsync(() => peer.Active == 1), $"server still has {peer.Active} connections");
        Assert.Equal(1, host.ConnectionCount);

        var refused = Assert.Throws<PluginInstanceUnavailableException>(() => instance.Run(peer.Url("/echo")));
        Assert.Contains("has failed", refused.Message);
        Assert.Contains("wasm trap", refused.Message);

        Assert.Equal(2u, Ok(bystander.Echo(survivor, 2, 1024, binary: true)));
        Assert.Equal(PluginInstanceState.Running, bystander.State);
    }
}
