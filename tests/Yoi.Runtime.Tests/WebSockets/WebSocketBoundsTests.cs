using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using Microsoft.Extensions.Time.Testing;
using Yoi.Runtime.Tests.Net;
using Yoi.Runtime.WebSockets;
using static Yoi.Runtime.Tests.WebSockets.ResultAssert;

namespace Yoi.Runtime.Tests.WebSockets;

/// <summary>Every bound of <see cref="WebSocketLimits"/>, hit for real.</summary>
public class WebSocketBoundsTests
{
    [Fact]
    public void Defaults_match_the_design()
    {
        var limits = WebSocketLimits.Default;

        Assert.Equal(4, limits.MaxConnectionsPerInstance);
        Assert.Equal(256, limits.MaxConnectionsPerHost);
        Assert.Equal(64 * 1024, limits.MaxMessageBytes);
        Assert.Equal(TimeSpan.FromSeconds(5), limits.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), limits.SendTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), limits.MaxRecvWait);
        Assert.Equal(TimeSpan.FromMinutes(15), limits.Lifetime);
        Assert.Equal(TimeSpan.FromMinutes(5), limits.IdleTimeout);
        Assert.Equal(16, limits.MaxBufferedMessages);
        Assert.Equal(256 * 1024, limits.MaxBufferedBytes);
        Assert.Equal(1024, limits.MaxMessageFrames);
        Assert.Null(limits.Validate());
        Assert.NotNull((limits with { MaxMessageFrames = 0 }).Validate());
        Assert.NotNull((limits with { MaxBufferedBytes = 1024 }).Validate());
        Assert.Throws<ArgumentException>(() => new WebSocketHost(limits with { SendTimeout = TimeSpan.Zero }));
    }

    [Fact]
    public async Task An_instance_may_hold_only_its_connection_count()
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var host = new WebSocketHost(WebSocketLimits.Default with { MaxConnectionsPerInstance = 2 });
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "test");

        var first = Ok(await session.OpenAsync(new OpenRequest(peer.Url("/echo"))));
        Ok(await session.OpenAsync(new OpenRequest(peer.Url("/echo"))));
        var limit = Error<OpenedConnection, HostError.Limit>(await session.OpenAsync(new OpenRequest(peer.Url("/echo"))));
        Assert.Contains("2", limit.Message);
        Assert.Equal(2, peer.Accepted);

        Ok(await session.CloseAsync(first.Connection));
        var again = Ok(await session.OpenAsync(new OpenRequest(peer.Url("/echo"))));
        Assert.NotEqual(first.Connection, again.Connection);
    }

    [Fact]
    public async Task The_host_caps_connections_across_instances()
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var host = new WebSocketHost(WebSocketLimits.Default with { MaxConnectionsPerHost = 2 });
        await using var one = host.CreateSession(TestPolicies.Loopback(peer.Port), "one");
        await using var two = host.CreateSession(TestPolicies.Loopback(peer.Port), "two");

        Ok(await one.OpenAsync(new OpenRequest(peer.Url("/echo"))));
        var held = Ok(await two.OpenAsync(new OpenRequest(peer.Url("/echo"))));
        Error<OpenedConnection, HostError.Limit>(await two.OpenAsync(new OpenRequest(peer.Url("/echo"))));
        Assert.Equal(2, host.ConnectionCount);

        Ok(await two.CloseAsync(held.Connection));
        Ok(await one.OpenAsync(new OpenRequest(peer.Url("/echo"))));
    }

    [Fact]
    public async Task Sends_over_the_message_size_are_refused_and_the_connection_lives_on()
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var host = new WebSocketHost(WebSocketLimits.Default with { MaxMessageBytes = 1024, MaxBufferedBytes = 4096 });
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "test");
        var handle = Ok(await session.OpenAsync(new OpenRequest(peer.Url("/echo")))).Connection;

        Error<Unit, HostError.Limit>(await session.SendAsync(handle, new WebSocketMessage.Binary(new byte[1025])));
        Error<Unit, HostError.Limit>(await session.SendAsync(handle, new WebSocketMessage.Text(new string('é', 513))));
        Ok(await session.SendAsync(handle, new WebSocketMessage.Text(new string('é', 512))));

        Assert.Equal(new WebSocketIncoming.Message(new WebSocketMessage.Text(new string('é', 512))), Ok(await session.RecvAsync(handle, 5000)).Value);
    }

    [Fact]
    public async Task An_oversize_incoming_message_closes_with_1009_and_recv_returns_limit()
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var host = new WebSocketHost(WebSocketLimits.Default with { MaxMessageBytes = 1024, MaxBufferedBytes = 4096 });
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "test");
        var handle = Ok(await session.OpenAsync(new OpenRequest(peer.Url("/big?size=5000")))).Connection;

        var limit = Error<Option<WebSocketIncoming>, HostError.Limit>(await session.RecvAsync(handle, 5000));

        Assert.Contains("1009", limit.Message);
        Assert.True(await WaitFor.TrueAsync(() => peer.ClosesReceived.Contains(WebSocketCloseStatus.MessageTooBig)));
        Assert.True(await WaitFor.TrueAsync(() => peer.Active == 0));
        Error<Option<WebSocketIncoming>, HostError.InvalidHandle>(await session.RecvAsync(handle, 0));
        // The close finishes in the background; the slot is held until the socket is gone.
        Assert.True(await WaitFor.TrueAsync(() => host.ConnectionCount == 0));
    }

    [Fact]
    public async Task Recv_returns_limit_within_its_wait_while_the_peer_never_answers_the_close()
    {
        // One over-size frame, then the peer reads our close but never answers it or hangs up.
        var closes = new ConcurrentQueue<ushort?>();
        using var peer = HostilePeer.Upgrading(then: async (stream, stop) =>
        {
            await stream.WriteAsync(WebSocketFrames.Server(WebSocketFrames.Binary, new byte[2000]), stop);
            closes.Enqueue(await WebSocketFrames.ReadCloseCodeAsync(stream, stop));
            await Task.Delay(Timeout.Infinite, stop);
        });
        var time = new FakeTimeProvider();
        var limits = WebSocketLimits.Default with { MaxMessageBytes = 1024, MaxBufferedBytes = 4096, MaxConnectionsPerInstance = 1 };
        await using var host = new WebSocketHost(limits, time: time);
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "test");
        try
        {
            var handle = Ok(await session.OpenAsync(new OpenRequest(peer.Url("/")))).Connection;

            // The fake clock never reaches the close timeout by itself: a recv waiting on the handshake would not return.
            var recv = session.RecvAsync(handle, 1000);
            Assert.Same(recv, await Task.WhenAny(recv, Task.Delay(TimeSpan.FromSeconds(10))));
            Error<Option<WebSocketIncoming>, HostError.Limit>(await recv);

            // The handshake goes on in the background, and the socket counts against both caps until it is gone.
            Assert.True(await WaitFor.TrueAsync(() => closes.Contains((ushort)1009)));
            Error<Option<WebSocketIncoming>, HostError.InvalidHandle>(await session.RecvAsync(handle, 0));
            Assert.Equal(1, session.OpenSocketCount);
            Assert.Equal(1, host.ConnectionCount);
            Error<OpenedConnection, HostError.Limit>(await session.OpenAsync(new OpenRequest(peer.Url("/"))));

            time.Advance(limits.CloseTimeout);

            Assert.True(await WaitFor.TrueAsync(() => host.ConnectionCount == 0));
            Assert.Equal(0, session.OpenSocketCount);
            Ok(await session.OpenAsync(new OpenRequest(peer.Url("/"))));
        }
        finally
        {
            // First, so a handshake still hanging on the fake clock ends with the connection.
            peer.Dispose();
        }
    }

    [Fact]
    public async Task Recv_returns_a_peer_close_within_its_wait_when_the_peer_then_goes_silent()
    {
        using var peer = HostilePeer.Upgrading(then: async (stream, stop) =>
        {
            await stream.WriteAsync(WebSocketFrames.ServerClose(4000, "bye"), stop);
            await Task.Delay(Timeout.Infinite, stop);
        });
        var time = new FakeTimeProvider();
        await using var host = new WebSocketHost(time: time);
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "test");
        try
        {
            var handle = Ok(await session.OpenAsync(new OpenRequest(peer.Url("/")))).Connection;

            var recv = session.RecvAsync(handle, 1000);
            Assert.Same(recv, await Task.WhenAny(recv, Task.Delay(TimeSpan.FromSeconds(10))));

            Assert.Equal(new CloseFrame(4000, "bye"), Assert.IsType<WebSocketIncoming.Closed>(Ok(await recv).Value).Frame);
            Assert.True(await WaitFor.TrueAsync(() => host.ConnectionCount == 0));
        }
        finally
        {
            peer.Dispose();
        }
    }

    [Fact]
    public async Task A_message_in_more_frames_than_the_bound_closes_with_1009_and_recv_returns_limit()
    {
        var bound = WebSocketLimits.Default.MaxMessageFrames;
        var closes = new ConcurrentQueue<ushort?>();
        using var peer = HostilePeer.Upgrading(then: async (stream, stop) =>
        {
            await stream.WriteAsync(Fragmented(bound), stop);
            await stream.WriteAsync(Fragmented(bound + 1), stop);
            closes.Enqueue(await WebSocketFrames.ReadCloseCodeAsync(stream, stop));
        });
        await using var host = new WebSocketHost();
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "test");
        var handle = Ok(await session.OpenAsync(new OpenRequest(peer.Url("/")))).Connection;

        var whole = Assert.IsType<WebSocketIncoming.Message>(Ok(await session.RecvAsync(handle, 5000)).Value);
        var limit = Error<Option<WebSocketIncoming>, HostError.Limit>(await session.RecvAsync(handle, 5000));

        Assert.Equal(new WebSocketMessage.Text(new string('a', bound)), whole.Value);
        Assert.Contains($"{bound} frames", limit.Message);
        Assert.True(await WaitFor.TrueAsync(() => closes.Contains((ushort)1009)));
    }

    [Fact]
    public async Task Endless_empty_continuation_frames_hit_the_frame_bound()
    {
        var closes = new ConcurrentQueue<ushort?>();
        using var peer = HostilePeer.Upgrading(then: async (stream, stop) =>
        {
            var reading = WebSocketFrames.ReadCloseCodeAsync(stream, stop);
            await stream.WriteAsync(WebSocketFrames.Server(WebSocketFrames.Text, "x"u8, fin: false), stop);
            var empties = Enumerable.Repeat(WebSocketFrames.Server(WebSocketFrames.Continuation, [], fin: false), 1000).SelectMany(frame => frame).ToArray();
            try
            {
                // Bounded: 1,000,000 frames at most, or until the client's close arrives or it hangs up.
                for (var i = 0; i < 1000 && !reading.IsCompleted; i++)
                {
                    await stream.WriteAsync(empties, stop);
                }
            }
            catch (IOException)
            {
            }

            closes.Enqueue(await reading);
        });
        await using var host = new WebSocketHost(WebSocketLimits.Default with { CloseTimeout = TimeSpan.FromMilliseconds(500) });
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "test");
        var handle = Ok(await session.OpenAsync(new OpenRequest(peer.Url("/")))).Connection;

        var limit = Error<Option<WebSocketIncoming>, HostError.Limit>(await session.RecvAsync(handle, 5000));

        Assert.Contains("frames", limit.Message);
        Assert.True(await WaitFor.TrueAsync(() => closes.Contains((ushort)1009)));
        Assert.True(await WaitFor.TrueAsync(() => host.ConnectionCount == 0));
    }

    /// <summary>A text message of <paramref name="frames"/> 'a's, one per frame.</summary>
    private static byte[] Fragmented(int frames) =>
    [
        .. Enumerable.Range(0, frames).SelectMany(i =>
            WebSocketFrames.Server(i == 0 ? WebSocketFrames.Text : WebSocketFrames.Continuation, "a"u8, fin: i == frames - 1)),
    ];

    [Fact]
    public async Task Connect_times_out_against_a_server_that_never_answers()
    {
        using var peer = HostilePeer.Silent();
        await using var host = new WebSocketHost(WebSocketLimits.Default with { ConnectTimeout = TimeSpan.FromMilliseconds(300) });
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "test");
        var clock = Stopwatch.StartNew();

        Error<OpenedConnection, HostError.Timeout>(await session.OpenAsync(new OpenRequest(peer.Url("/"))));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), clock.Elapsed.ToString());
        Assert.Equal(0, host.ConnectionCount);
        Assert.Equal(0, session.ConnectionCount);
    }

    [Fact]
    public async Task An_open_that_times_out_during_the_tcp_connect_leaves_no_socket_behind()
    {
        using var peer = await SynDroppingListener.StartAsync();
        var time = new FakeTimeProvider();
        await using var host = new WebSocketHost(time: time);
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "test");

        var open = session.OpenAsync(new OpenRequest($"ws://127.0.0.1:{peer.Port}/"));
        Assert.True(await WaitFor.TrueAsync(() => peer.OtherClients().Any(row => row.State == TcpSocketRow.SynSent)), "the connect never pended");
        time.Advance(WebSocketLimits.Default.ConnectTimeout);

        Error<OpenedConnection, HostError.Timeout>(await open);
        // No socket left means nothing can still connect to the peer later.
        Assert.Empty(peer.OtherClients());
        Assert.Equal(0, host.ConnectionCount);
    }

    [Fact]
    public async Task A_connect_ended_by_the_stacks_own_connect_timeout_is_a_timeout_too()
    {
        // Two clocks bound a connect: the open's deadline (the host's TimeProvider, frozen here) and
        // SocketsHttpHandler.ConnectTimeout (real time). Whichever fires first, the plugin gets timeout.
        using var peer = await SynDroppingListener.StartAsync();
        await using var host = new WebSocketHost(WebSocketLimits.Default with { ConnectTimeout = TimeSpan.FromMilliseconds(200) }, time: new FakeTimeProvider());
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "test");

        Error<OpenedConnection, HostError.Timeout>(await session.OpenAsync(new OpenRequest($"ws://127.0.0.1:{peer.Port}/")).WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Empty(peer.OtherClients());
    }

    [Fact]
    public async Task An_open_cancelled_during_the_tcp_connect_leaves_no_socket_behind()
    {
        using var peer = await SynDroppingListener.StartAsync();
        await using var host = new WebSocketHost();
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "test");
        using var cancel = new CancellationTokenSource();

        var open = session.OpenAsync(new OpenRequest($"ws://127.0.0.1:{peer.Port}/"), cancel.Token);
        Assert.True(await WaitFor.TrueAsync(() => peer.OtherClients().Any(row => row.State == TcpSocketRow.SynSent)), "the connect never pended");
        await cancel.CancelAsync();

        Error<OpenedConnection, HostError.Io>(await open);
        Assert.Empty(peer.OtherClients());
    }

    [Fact]
    public async Task A_send_to_a_peer_that_stops_reading_times_out_and_ends_the_connection()
    {
        using var peer = HostilePeer.Stalling();
        // The send budget must not end the loop before the socket's buffers fill.
        await using var host = new WebSocketHost(WebSocketLimits.Default with
        {
            SendTimeout = TimeSpan.FromMilliseconds(300),
            MaxSendsPerWindow = WebSocketLimits.MaxSendBudget,
        });
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "test");
        var handle = Ok(await session.OpenAsync(new OpenRequest(peer.Url("/")))).Connection;
        var chunk = new WebSocketMessage.Binary(new byte[64 * 1024]);

        Result<Unit, HostError>? last = null;
        for (var i = 0; i < 2000; i++)
        {
            last = await session.SendAsync(handle, chunk);
            if (!last.IsOk)
            {
                break;
            }
        }

        Assert.IsType<HostError.Timeout>(last!.Error);
        Assert.IsType<HostError.Io>((await session.RecvAsync(handle, 1000)).Error);
        Assert.Equal(0, host.ConnectionCount);
    }

    [Fact]
    public async Task Recv_returns_nothing_when_nothing_arrives_and_waits_are_clamped()
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var host = new WebSocketHost(WebSocketLimits.Default with { MaxRecvWait = TimeSpan.FromMilliseconds(200) });
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "test");
        var handle = Ok(await session.OpenAsync(new OpenRequest(peer.Url("/echo")))).Connection;

        Assert.False(Ok(await session.RecvAsync(handle, 0)).HasValue);
        Assert.False(Ok(await session.RecvAsync(handle, 50)).HasValue);
        var clock = Stopwatch.StartNew();
        Assert.False(Ok(await session.RecvAsync(handle, uint.MaxValue)).HasValue);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), clock.Elapsed.ToString());

        // Still usable afterwards.
        Ok(await session.SendAsync(handle, new WebSocketMessage.Text("after")));
        Assert.True(Ok(await session.RecvAsync(handle, 5000)).HasValue);
    }

    [Fact]
    public async Task The_receive_buffer_is_bounded_and_loses_nothing()
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var host = new WebSocketHost(WebSocketLimits.Default with { MaxBufferedMessages = 4, MaxBufferedBytes = 128 * 1024 });
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "test");
        var handle = Ok(await session.OpenAsync(new OpenRequest(peer.Url("/push?n=40&size=100")))).Connection;

        Assert.True(await WaitFor.TrueAsync(() => session.Buffered(handle)?.Messages == 4));
        await Task.Delay(200);
        Assert.Equal(4, session.Buffered(handle)!.Value.Messages);

        for (var i = 0; i < 40; i++)
        {
            var item = Ok(await session.RecvAsync(handle, 5000));
            var text = Assert.IsType<WebSocketMessage.Text>(Assert.IsType<WebSocketIncoming.Message>(item.Value).Value);
            Assert.StartsWith(i.ToString("D6"), text.Value);
            Assert.True(session.Buffered(handle)!.Value.Messages <= 4);
        }
    }

    [Fact]
    public async Task The_byte_bound_holds_back_reading_before_the_message_count()
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var host = new WebSocketHost(WebSocketLimits.Default with { MaxMessageBytes = 1000, MaxBufferedBytes = 3000 });
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "test");
        var handle = Ok(await session.OpenAsync(new OpenRequest(peer.Url("/push?n=10&size=900")))).Connection;

        Assert.True(await WaitFor.TrueAsync(() => session.Buffered(handle)?.Messages == 3));
        await Task.Delay(200);
        Assert.Equal(3, session.Buffered(handle)!.Value.Messages);
        Assert.True(session.Buffered(handle)!.Value.Bytes <= 3000);
    }

    [Fact]
    public async Task Lifetime_expiry_closes_the_connection_and_recv_says_so()
    {
        await using var peer = await KestrelPeer.StartAsync();
        var time = new FakeTimeProvider();
        await using var host = new WebSocketHost(time: time);
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "test");
        var handle = Ok(await session.OpenAsync(new OpenRequest(peer.Url("/echo")))).Connection;

        for (var minute = 0; minute < 14; minute++)
        {
            time.Advance(TimeSpan.FromMinutes(1));
            Ok(await session.SendAsync(handle, new WebSocketMessage.Text("keep busy")));
        }

        time.Advance(TimeSpan.FromMinutes(1));

        await WebSocketIdleTests.AssertEndsWithExpiryAsync(session, handle);
        Assert.True(await WaitFor.TrueAsync(() => peer.Active == 0));
        Assert.True(await WaitFor.TrueAsync(() => host.ConnectionCount == 0));
    }

    [Fact]
    public async Task Idle_expiry_closes_a_connection_with_no_traffic()
    {
        await using var peer = await KestrelPeer.StartAsync();
        var time = new FakeTimeProvider();
        await using var host = new WebSocketHost(time: time);
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "test");
        var handle = Ok(await session.OpenAsync(new OpenRequest(peer.Url("/echo")))).Connection;

        time.Advance(TimeSpan.FromMinutes(4));
        Ok(await session.SendAsync(handle, new WebSocketMessage.Text("activity")));
        time.Advance(TimeSpan.FromMinutes(4));
        Ok(await session.RecvAsync(handle, 0));
        Ok(await session.SendAsync(handle, new WebSocketMessage.Text("still here")));

        time.Advance(TimeSpan.FromMinutes(5));

        await WebSocketIdleTests.AssertEndsWithExpiryAsync(session, handle);
        Assert.True(await WaitFor.TrueAsync(() => peer.Active == 0));
    }
}
