using Yoi.Runtime.WebSockets;
using static Yoi.Runtime.Tests.WebSockets.ResultAssert;

namespace Yoi.Runtime.Tests.WebSockets;

/// <summary>
/// <see cref="WebSocketSession.WaitForReadinessAsync"/> and <see cref="WebSocketSession.ReadyConnections"/>:
/// a driver awaits "some connection has an item for recv" without holding a thread; level-triggered.
/// </summary>
public class WebSocketReadinessTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task An_item_already_buffered_completes_the_wait_at_once()
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var host = new WebSocketHost();
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "test");
        var quiet = Ok(await session.OpenAsync(new OpenRequest(peer.Url("/echo")))).Connection;
        var handle = Ok(await session.OpenAsync(new OpenRequest(peer.Url("/push?n=1&size=10")))).Connection;
        Assert.True(await WaitFor.TrueAsync(() => session.Buffered(handle)?.Messages == 1));

        var wait = session.WaitForReadinessAsync();

        Assert.True(wait.IsCompletedSuccessfully);
        Assert.True(await wait);
        Assert.Equal([handle], session.ReadyConnections);
        Assert.DoesNotContain(quiet, session.ReadyConnections);

        // Level-triggered: still ready until recv drains it.
        Assert.True(session.WaitForReadinessAsync().IsCompletedSuccessfully);
    }

    [Fact]
    public async Task With_nothing_buffered_the_wait_completes_when_the_peer_sends()
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var host = new WebSocketHost();
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "test");
        var quiet = Ok(await session.OpenAsync(new OpenRequest(peer.Url("/echo")))).Connection;
        var handle = Ok(await session.OpenAsync(new OpenRequest(peer.Url("/echo")))).Connection;

        var wait = session.WaitForReadinessAsync().AsTask();
        Assert.False(wait.IsCompleted);
        Assert.Empty(session.ReadyConnections);

        Ok(await session.SendAsync(handle, new WebSocketMessage.Text("ping")));

        Assert.True(await wait.WaitAsync(Bound));
        Assert.Equal([handle], session.ReadyConnections);
        Assert.Equal(0, session.Buffered(quiet)!.Value.Messages);
    }

    [Fact]
    public async Task After_recv_drains_everything_the_wait_waits_again()
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var host = new WebSocketHost();
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "test");
        var handle = Ok(await session.OpenAsync(new OpenRequest(peer.Url("/push?n=2&size=10")))).Connection;
        Assert.True(await session.WaitForReadinessAsync().AsTask().WaitAsync(Bound));
        Assert.True(await WaitFor.TrueAsync(() => session.Buffered(handle)?.Messages == 2));

        Ok(await session.RecvAsync(handle, 0));
        Assert.True(session.WaitForReadinessAsync().IsCompletedSuccessfully);
        Ok(await session.RecvAsync(handle, 0));

        Assert.Empty(session.ReadyConnections);
        var again = session.WaitForReadinessAsync().AsTask();
        Assert.False(again.IsCompleted);

        Ok(await session.SendAsync(handle, new WebSocketMessage.Text("more")));
        Assert.True(await again.WaitAsync(Bound));
    }

    [Fact]
    public async Task A_close_from_the_peer_counts_as_ready()
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var host = new WebSocketHost();
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "test");
        var handle = Ok(await session.OpenAsync(new OpenRequest(peer.Url("/close")))).Connection;

        Assert.True(await session.WaitForReadinessAsync().AsTask().WaitAsync(Bound));
        Assert.Equal([handle], session.ReadyConnections);

        var closed = Assert.IsType<WebSocketIncoming.Closed>(Ok(await session.RecvAsync(handle, 0)).Value);
        Assert.Equal(4000, closed.Frame.Code);
        Assert.Empty(session.ReadyConnections);
        Assert.False(session.WaitForReadinessAsync().IsCompleted);
    }

    [Fact]
    public async Task A_cancelled_wait_throws_and_a_later_wait_still_works()
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var host = new WebSocketHost();
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "test");
        var handle = Ok(await session.OpenAsync(new OpenRequest(peer.Url("/echo")))).Connection;

        using var cancel = new CancellationTokenSource();
        var wait = session.WaitForReadinessAsync(cancel.Token).AsTask();
        Assert.False(wait.IsCompleted);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait.WaitAsync(Bound));

        var later = session.WaitForReadinessAsync().AsTask();
        Ok(await session.SendAsync(handle, new WebSocketMessage.Text("ping")));
        Assert.True(await later.WaitAsync(Bound));
    }

    [Fact]
    public async Task Disposing_the_session_ends_a_wait_with_false()
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var host = new WebSocketHost();
        var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "test");
        Ok(await session.OpenAsync(new OpenRequest(peer.Url("/echo"))));

        var wait = session.WaitForReadinessAsync().AsTask();
        Assert.False(wait.IsCompleted);
        await session.DisposeAsync();

        Assert.False(await wait.WaitAsync(Bound));
        Assert.False(await session.WaitForReadinessAsync());
    }
}
