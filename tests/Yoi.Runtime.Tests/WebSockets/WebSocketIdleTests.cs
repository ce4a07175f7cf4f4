using Microsoft.Extensions.Time.Testing;
using Yoi.Runtime.WebSockets;
using static Yoi.Runtime.Tests.WebSockets.ResultAssert;

namespace Yoi.Runtime.Tests.WebSockets;

/// <summary>
/// What resets <see cref="WebSocketLimits.IdleTimeout"/>: a whole data message read from the socket
/// (buffered, drained or not) or a data message sent. Nothing else does: not recv calls, not pings
/// (the BCL answers them out of sight), not refused sends.
/// </summary>
public class WebSocketIdleTests
{
    private static readonly TimeSpan Idle = TimeSpan.FromMinutes(5);

    // Lifetime far away, so only the idle clock can end the connection.
    private static readonly WebSocketLimits Limits = WebSocketLimits.Default with { IdleTimeout = Idle, Lifetime = TimeSpan.FromHours(1) };

    [Fact]
    public async Task Messages_received_but_not_yet_drained_keep_the_connection_open_past_twice_the_idle_timeout()
    {
        var pushes = new SemaphoreSlim(0);
        using var peer = HostilePeer.Upgrading(then: async (stream, stop) =>
        {
            while (true)
            {
                await pushes.WaitAsync(stop);
                await stream.WriteAsync(WebSocketFrames.Server(WebSocketFrames.Text, "tick"u8), stop);
            }
        });
        var time = new FakeTimeProvider();
        await using var host = new WebSocketHost(Limits, time: time);
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "test");
        var handle = Ok(await session.OpenAsync(new OpenRequest(peer.Url("/")))).Connection;

        for (var tick = 1; tick <= 3; tick++)
        {
            time.Advance(Idle - TimeSpan.FromSeconds(1));
            pushes.Release();
            Assert.True(await WaitFor.TrueAsync(() => session.Buffered(handle)?.Messages == tick));
        }

        // 3 × (idle − 1 s) > 2 × idle, and recv was never called.
        Assert.Equal(1, session.ConnectionCount);
        await AssertClosesAfterSilenceAsync(time, session, handle);
    }

    [Fact]
    public async Task Messages_sent_keep_the_connection_open_past_twice_the_idle_timeout()
    {
        // A peer that never writes: only our sends are traffic.
        using var peer = HostilePeer.Stalling();
        var time = new FakeTimeProvider();
        await using var host = new WebSocketHost(Limits, time: time);
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "test");
        var handle = Ok(await session.OpenAsync(new OpenRequest(peer.Url("/")))).Connection;

        for (var tick = 1; tick <= 3; tick++)
        {
            time.Advance(Idle - TimeSpan.FromSeconds(1));
            Ok(await session.SendAsync(handle, new WebSocketMessage.Text("heartbeat")));
        }

        Assert.Equal(1, session.ConnectionCount);
        await AssertClosesAfterSilenceAsync(time, session, handle);
    }

    [Fact]
    public async Task Recv_calls_alone_are_not_traffic_and_silence_closes_at_the_idle_timeout()
    {
        using var peer = HostilePeer.Stalling();
        var time = new FakeTimeProvider();
        await using var host = new WebSocketHost(Limits, time: time);
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "test");
        var handle = Ok(await session.OpenAsync(new OpenRequest(peer.Url("/")))).Connection;

        time.Advance(Idle - TimeSpan.FromSeconds(1));
        Assert.False(Ok(await session.RecvAsync(handle, 0)).HasValue);

        time.Advance(TimeSpan.FromSeconds(1));

        await AssertEndsWithExpiryAsync(session, handle);
        await AssertSocketReleasedAsync(time, session);
    }

    private static async Task AssertClosesAfterSilenceAsync(FakeTimeProvider time, WebSocketSession session, uint handle)
    {
        time.Advance(Idle - TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, session.ConnectionCount);

        time.Advance(TimeSpan.FromMilliseconds(1));

        await AssertEndsWithExpiryAsync(session, handle);
        await AssertSocketReleasedAsync(time, session);
    }

    /// <summary>
    /// The expiry is the connection's last item, after any message still buffered: the handle lives until
    /// recv returns it (so a service hears of it as readiness), then is gone. The recv waits (on the fake clock, which does not move) for the
    /// close to queue that item.
    /// </summary>
    internal static async Task AssertEndsWithExpiryAsync(WebSocketSession session, uint handle)
    {
        Assert.Equal(1, session.ConnectionCount);
        var result = await session.RecvAsync(handle, 30_000);
        for (var buffered = 0; result.IsOk && result.Value is { HasValue: true, Value: WebSocketIncoming.Message }; buffered++)
        {
            Assert.True(buffered < Limits.MaxBufferedMessages, "more items than the buffer holds before the expiry");
            result = await session.RecvAsync(handle, 30_000);
        }

        var expired = Error<Option<WebSocketIncoming>, HostError.Io>(result);
        Assert.StartsWith("the connection expired: ", expired.Message);
        Assert.Equal(0, session.ConnectionCount);
        Error<Unit, HostError.InvalidHandle>(await session.SendAsync(handle, new WebSocketMessage.Text("late")));
    }

    /// <summary>The raw peer never answers the close: the close timeout (fake time) aborts the socket.</summary>
    private static async Task AssertSocketReleasedAsync(FakeTimeProvider time, WebSocketSession session)
    {
        time.Advance(Limits.CloseTimeout);
        Assert.True(await WaitFor.TrueAsync(() => session.OpenSocketCount == 0));
    }
}
