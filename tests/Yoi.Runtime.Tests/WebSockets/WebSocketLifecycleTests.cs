using System.Diagnostics.Metrics;
using Yoi.Runtime.WebSockets;
using static Yoi.Runtime.Tests.WebSockets.ResultAssert;

namespace Yoi.Runtime.Tests.WebSockets;

/// <summary>Who owns a connection, how it ends, and that data reaches the plugin only through recv.</summary>
public class WebSocketLifecycleTests
{
    [Fact]
    public async Task A_peer_close_is_delivered_as_closed_and_then_the_handle_is_invalid()
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var host = new WebSocketHost();
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "test");
        var handle = Ok(await session.OpenAsync(new OpenRequest(peer.Url("/close")))).Connection;

        var closed = Assert.IsType<WebSocketIncoming.Closed>(Ok(await session.RecvAsync(handle, 5000)).Value);

        Assert.Equal(new CloseFrame(4000, "bye"), closed.Frame);
        Error<Option<WebSocketIncoming>, HostError.InvalidHandle>(await session.RecvAsync(handle, 0));
        Error<Unit, HostError.InvalidHandle>(await session.SendAsync(handle, new WebSocketMessage.Text("x")));
        Assert.True(await WaitFor.TrueAsync(() => peer.Active == 0));
        Assert.True(await WaitFor.TrueAsync(() => host.ConnectionCount == 0));
    }

    [Fact]
    public async Task Close_validates_code_and_reason_and_releases_the_handle()
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var host = new WebSocketHost();
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "test");
        var handle = Ok(await session.OpenAsync(new OpenRequest(peer.Url("/echo")))).Connection;

        Error<Unit, HostError.InvalidArgument>(await session.CloseAsync(handle, 1001));
        Error<Unit, HostError.InvalidArgument>(await session.CloseAsync(handle, 5000));
        Error<Unit, HostError.InvalidArgument>(await session.CloseAsync(handle, 4000, new string('x', 124)));
        Ok(await session.CloseAsync(handle, 4001, "done"));

        Assert.True(await WaitFor.TrueAsync(() => peer.ClosesReceived.Contains((System.Net.WebSockets.WebSocketCloseStatus)4001)));
        Error<Unit, HostError.InvalidHandle>(await session.CloseAsync(handle));
        Assert.True(await WaitFor.TrueAsync(() => peer.Active == 0));
    }

    [Fact]
    public async Task Session_dispose_closes_every_connection_of_the_instance()
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var host = new WebSocketHost();
        var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "test");
        await using var other = host.CreateSession(TestPolicies.Loopback(peer.Port), "other");
        var handles = new List<uint>();
        for (var i = 0; i < 3; i++)
        {
            handles.Add(Ok(await session.OpenAsync(new OpenRequest(peer.Url("/push?n=50&size=10")))).Connection);
        }

        var survivor = Ok(await other.OpenAsync(new OpenRequest(peer.Url("/echo")))).Connection;
        Assert.True(await WaitFor.TrueAsync(() => peer.Active == 4));
        Assert.Equal(3, session.OpenSocketCount);

        await session.DisposeAsync();

        Assert.True(await WaitFor.TrueAsync(() => peer.Active == 1), $"server still has {peer.Active} connections");
        Assert.Equal(0, session.ConnectionCount);
        Assert.Equal(0, session.OpenSocketCount);
        Assert.Equal(1, host.ConnectionCount);
        Error<Option<WebSocketIncoming>, HostError.InvalidHandle>(await session.RecvAsync(handles[0], 0));
        Error<OpenedConnection, HostError.Io>(await session.OpenAsync(new OpenRequest(peer.Url("/echo"))));

        Ok(await other.SendAsync(survivor, new WebSocketMessage.Text("unaffected")));
        Assert.True(Ok(await other.RecvAsync(survivor, 5000)).HasValue);
    }

    [Fact]
    public async Task Host_dispose_closes_every_connection_of_every_instance()
    {
        await using var peer = await KestrelPeer.StartAsync();
        var host = new WebSocketHost();
        var one = host.CreateSession(TestPolicies.Loopback(peer.Port), "one");
        var two = host.CreateSession(TestPolicies.Loopback(peer.Port), "two");
        Ok(await one.OpenAsync(new OpenRequest(peer.Url("/echo"))));
        Ok(await one.OpenAsync(new OpenRequest(peer.Url("/echo"))));
        var handle = Ok(await two.OpenAsync(new OpenRequest(peer.Url("/echo")))).Connection;
        Assert.True(await WaitFor.TrueAsync(() => peer.Active == 3));

        await host.DisposeAsync();

        Assert.True(await WaitFor.TrueAsync(() => peer.Active == 0), $"server still has {peer.Active} connections");
        Assert.Equal(0, host.ConnectionCount);
        Assert.Equal(0, host.SessionCount);
        Assert.Equal(0, one.ConnectionCount + two.ConnectionCount);
        Error<Unit, HostError.InvalidHandle>(await two.SendAsync(handle, new WebSocketMessage.Text("x")));
        Assert.Throws<ObjectDisposedException>(() => host.CreateSession(TestPolicies.Loopback(peer.Port), "late"));
    }

    [Fact]
    public async Task A_handle_is_valid_only_in_the_session_that_opened_it()
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var host = new WebSocketHost();
        await using var owner = host.CreateSession(TestPolicies.Loopback(peer.Port), "owner");
        await using var stranger = host.CreateSession(TestPolicies.Loopback(peer.Port), "stranger");
        var handle = Ok(await owner.OpenAsync(new OpenRequest(peer.Url("/echo")))).Connection;
        var own = Ok(await stranger.OpenAsync(new OpenRequest(peer.Url("/echo")))).Connection;
        Assert.NotEqual(handle, own);

        Error<Unit, HostError.InvalidHandle>(await stranger.SendAsync(handle, new WebSocketMessage.Text("x")));
        Error<Option<WebSocketIncoming>, HostError.InvalidHandle>(await stranger.RecvAsync(handle, 0));
        Error<Unit, HostError.InvalidHandle>(await stranger.CloseAsync(handle));

        Ok(await owner.SendAsync(handle, new WebSocketMessage.Text("mine")));
        Assert.True(Ok(await owner.RecvAsync(handle, 5000)).HasValue);
    }

    [Fact]
    public async Task Handles_are_not_reused_within_a_session()
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var host = new WebSocketHost(WebSocketLimits.Default with { MaxConnectionsPerInstance = 1 });
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "test");
        var seen = new HashSet<uint>();
        for (var i = 0; i < 5; i++)
        {
            var handle = Ok(await session.OpenAsync(new OpenRequest(peer.Url("/echo")))).Connection;
            Assert.True(seen.Add(handle));
            Ok(await session.CloseAsync(handle));
        }
    }

    [Fact]
    public async Task Nothing_is_delivered_without_recv_and_only_the_bound_is_buffered()
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var host = new WebSocketHost();
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "test");
        var received = 0L;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == host.Meter && instrument.Name == "yoi.websocket.bytes.received")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref received, value));
        listener.Start();
        var handle = Ok(await session.OpenAsync(new OpenRequest(peer.Url("/push?n=200&size=1000")))).Connection;

        Assert.True(await WaitFor.TrueAsync(() => session.Buffered(handle)?.Messages == WebSocketLimits.Default.MaxBufferedMessages));
        await Task.Delay(300);

        // The host read exactly what it buffered and stopped; everything else waits in the peer's TCP path.
        var buffered = session.Buffered(handle)!.Value;
        Assert.Equal(WebSocketLimits.Default.MaxBufferedMessages, buffered.Messages);
        Assert.Equal(buffered.Bytes, Interlocked.Read(ref received));
        Assert.True(buffered.Bytes <= WebSocketLimits.Default.MaxBufferedBytes);

        var first = Ok(await session.RecvAsync(handle, 5000));
        var text = Assert.IsType<WebSocketMessage.Text>(Assert.IsType<WebSocketIncoming.Message>(first.Value).Value);
        Assert.StartsWith("000000", text.Value);
    }

    [Fact]
    public async Task Metrics_count_open_connections_denials_and_bytes()
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var host = new WebSocketHost();
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "test");
        var open = 0L;
        var sent = 0L;
        var denied = new List<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == host.Meter)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            switch (instrument.Name)
            {
                case "yoi.websocket.connections.open":
                    Interlocked.Add(ref open, value);
                    break;
                case "yoi.websocket.bytes.sent":
                    Interlocked.Add(ref sent, value);
                    break;
                case "yoi.websocket.opens.denied":
                    lock (denied)
                    {
                        denied.Add(tags[0].Value!.ToString()!);
                    }

                    break;
            }
        });
        listener.Start();

        Error<OpenedConnection, HostError.Denied>(await session.OpenAsync(new OpenRequest(peer.Url("/echo"), ["nope"], [])));
        var handle = Ok(await session.OpenAsync(new OpenRequest(peer.Url("/echo")))).Connection;
        Assert.Equal(1, Interlocked.Read(ref open));
        Ok(await session.SendAsync(handle, new WebSocketMessage.Binary(new byte[100])));
        Ok(await session.CloseAsync(handle));

        Assert.Equal(0, Interlocked.Read(ref open));
        Assert.Equal(100, Interlocked.Read(ref sent));
        Assert.Equal(["subprotocol"], denied);
    }
}
