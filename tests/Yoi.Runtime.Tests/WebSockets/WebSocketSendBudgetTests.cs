using Microsoft.Extensions.Time.Testing;
using Yoi.Runtime.Secrets;
using Yoi.Runtime.WebSockets;
using static Yoi.Runtime.Tests.WebSockets.ResultAssert;

namespace Yoi.Runtime.Tests.WebSockets;

/// <summary>The per-connection send-rate budget (<see cref="WebSocketLimits.MaxSendsPerWindow"/> per <see cref="WebSocketLimits.SendWindow"/>).</summary>
public class WebSocketSendBudgetTests
{
    [Fact]
    public void The_default_budget_is_the_gateway_limit_and_nonsense_is_refused()
    {
        var limits = WebSocketLimits.Default;

        Assert.Equal(120, limits.MaxSendsPerWindow);
        Assert.Equal(TimeSpan.FromSeconds(60), limits.SendWindow);
        Assert.NotNull((limits with { MaxSendsPerWindow = 0 }).Validate());
        Assert.NotNull((limits with { MaxSendsPerWindow = -1 }).Validate());
        Assert.NotNull((limits with { MaxSendsPerWindow = 10_000_000 }).Validate());
        Assert.NotNull((limits with { SendWindow = TimeSpan.Zero }).Validate());
        Assert.Null((limits with { MaxSendsPerWindow = 1, SendWindow = TimeSpan.FromMilliseconds(1) }).Validate());
    }

    [Fact]
    public async Task The_121st_send_in_a_window_is_limit_and_sends_nothing_until_the_window_has_passed()
    {
        await using var peer = await KestrelPeer.StartAsync();
        var time = new FakeTimeProvider();
        await using var host = new WebSocketHost(time: time);
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "test");
        var handle = Ok(await session.OpenAsync(new OpenRequest(peer.Url("/echo")))).Connection;

        // Both send paths spend the same budget.
        for (var i = 0; i < 120; i++)
        {
            Ok(i % 2 == 0
                ? await session.SendAsync(handle, new WebSocketMessage.Text($"m{i}"))
                : await session.SendWithSecretsAsync(handle, [new TextPart.Plain($"m{i}")]));
            Assert.Equal(Echo($"m{i}"), Ok(await Within(session.RecvAsync(handle, 5000))).Value);
        }

        var limit = Error<Unit, HostError.Limit>(await session.SendAsync(handle, new WebSocketMessage.Text("over")));
        Assert.Contains("120", limit.Message);
        Assert.Contains("60", limit.Message);
        Error<Unit, HostError.Limit>(await session.SendWithSecretsAsync(handle, [new TextPart.Plain("over too")]));

        time.Advance(TimeSpan.FromSeconds(59));
        Error<Unit, HostError.Limit>(await session.SendAsync(handle, new WebSocketMessage.Text("still over")));
        time.Advance(TimeSpan.FromSeconds(1));

        Ok(await session.SendAsync(handle, new WebSocketMessage.Text("after")));

        // The echo after m119 is "after": nothing refused reached the peer.
        Assert.Equal(Echo("after"), Ok(await Within(session.RecvAsync(handle, 5000))).Value);
    }

    [Fact]
    public async Task A_host_without_a_budget_lets_every_send_through()
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var host = new WebSocketHost(WebSocketLimits.Default with { MaxSendsPerWindow = null }, time: new FakeTimeProvider());
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "test");
        var handle = Ok(await session.OpenAsync(new OpenRequest(peer.Url("/echo")))).Connection;

        await SendAsync(session, handle, 200);
    }

    [Fact]
    public async Task The_window_slides_so_no_sixty_seconds_carry_more_than_the_budget()
    {
        await using var peer = await KestrelPeer.StartAsync();
        var time = new FakeTimeProvider();
        await using var host = new WebSocketHost(time: time);
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "test");
        var handle = Ok(await session.OpenAsync(new OpenRequest(peer.Url("/echo")))).Connection;

        await SendAsync(session, handle, 60);
        time.Advance(TimeSpan.FromSeconds(30));
        await SendAsync(session, handle, 60);
        time.Advance(TimeSpan.FromSeconds(30));

        // A fixed window would allow 120 more here; a sliding one frees only the 60 sent 60 s ago.
        await SendAsync(session, handle, 60);
        Error<Unit, HostError.Limit>(await session.SendAsync(handle, new WebSocketMessage.Text("over")));

        time.Advance(TimeSpan.FromSeconds(30));
        await SendAsync(session, handle, 60);
        Error<Unit, HostError.Limit>(await session.SendAsync(handle, new WebSocketMessage.Text("over")));
    }

    private static async Task SendAsync(WebSocketSession session, uint handle, int count)
    {
        for (var i = 0; i < count; i++)
        {
            Ok(await session.SendAsync(handle, new WebSocketMessage.Text("x")));
            Ok(await Within(session.RecvAsync(handle, 5000)));
        }
    }

    private static WebSocketIncoming Echo(string text) => new WebSocketIncoming.Message(new WebSocketMessage.Text(text));

    /// <summary>The fake clock never ends a recv wait: bound each one in real time instead.</summary>
    private static Task<T> Within<T>(Task<T> work) => work.WaitAsync(TimeSpan.FromSeconds(10));
}
