using Yoi.Host.Websocket;
using Yoi.Runtime.HostApis;
using Yoi.Runtime.Tests.WebSockets;
using Yoi.Runtime.WebSockets;
using WitError = Yoi.Host.Types.HostError;

namespace Yoi.Runtime.Tests.Hosting;

/// <summary>The generated IWebsocketHost over a session, called directly (as the generated glue does).</summary>
public class WebSocketApiTests
{
    public static TheoryData<HostError, WitError> Errors => new()
    {
        { new HostError.Denied("no"), new WitError.Denied("no") },
        { new HostError.Limit("4"), new WitError.Limit("4") },
        { HostError.InvalidHandleError, new WitError.InvalidHandle() },
        { HostError.TimeoutError, new WitError.Timeout() },
        { new HostError.Io("reset"), new WitError.Io("reset") },
        { new HostError.InvalidArgument("url"), new WitError.InvalidArgument("url") },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Every_host_error_maps_to_its_wit_case(HostError error, WitError expected) =>
        Assert.Equal(expected, HostErrorMapping.ToWit(error));

    [Fact]
    public void Messages_and_closes_map_both_ways()
    {
        Assert.Equal(new Message.Text("hi"), WebSocketApi.ToWit(new WebSocketMessage.Text("hi")));
        var binary = Assert.IsType<Message.Binary>(WebSocketApi.ToWit(new WebSocketMessage.Binary(new byte[] { 1, 2, 3 })));
        Assert.Equal(new byte[] { 1, 2, 3 }, binary.Value);
        Assert.Equal(new WebSocketMessage.Binary(new byte[] { 4, 5 }), WebSocketApi.FromWit(new Message.Binary([4, 5])));
        Assert.Equal(new WebSocketMessage.Text("x"), WebSocketApi.FromWit(new Message.Text("x")));
        var closed = Assert.IsType<Incoming.Closed>(WebSocketApi.ToWit(new WebSocketIncoming.Closed(new Yoi.Runtime.WebSockets.CloseFrame(4000, "bye"))));
        Assert.Equal(new Yoi.Host.Websocket.CloseFrame(4000, "bye"), closed.Value);
    }

    [Fact]
    public async Task Calls_round_trip_through_a_real_peer_and_errors_are_values()
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var host = new WebSocketHost();
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "api");
        var api = new WebSocketApi(session);

        var opened = api.Open(new Yoi.Host.Websocket.OpenRequest(peer.Url("/echo"), [], [new Yoi.Host.Types.Header("x-trace", new Yoi.Host.Types.HeaderValue.Plain("1"))])).OkValue;
        Assert.True(api.Send(opened.Connection, new Message.Text("ping")).IsOk);
        var incoming = Assert.IsType<Incoming.Message>(api.Recv(opened.Connection, 5000).OkValue);
        Assert.Equal(new Message.Text("ping"), incoming.Value);
        Assert.Null(api.Recv(opened.Connection, 10).OkValue);
        Assert.True(api.Close(opened.Connection, 4001, "done").IsOk);

        Assert.Equal(new WitError.InvalidHandle(), api.Send(opened.Connection, new Message.Text("late")).ErrValue);
        Assert.IsType<WitError.Denied>(api.Open(new Yoi.Host.Websocket.OpenRequest("ws://example.com/", [], [])).ErrValue);
        Assert.IsType<WitError.Denied>(api.Open(new Yoi.Host.Websocket.OpenRequest(peer.Url("/echo"), [], [new Yoi.Host.Types.Header("authorization", new Yoi.Host.Types.HeaderValue.Plain("x"))])).ErrValue);
        Assert.IsType<WitError.InvalidArgument>(api.Close(opened.Connection, 1001, null).ErrValue);
    }

    [Fact]
    public async Task A_caller_on_a_blocked_single_threaded_context_does_not_deadlock()
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var host = new WebSocketHost();
        await using var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "api");
        var api = new WebSocketApi(session);

        // The host function runs on a thread whose context never runs posted work (like a UI thread that
        // is blocked in the call): anything that captured it would hang.
        var result = await Task.Factory.StartNew(
            () =>
            {
                SynchronizationContext.SetSynchronizationContext(new NeverPumpedContext());
                var opened = api.Open(new Yoi.Host.Websocket.OpenRequest(peer.Url("/echo"), [], [])).OkValue;
                api.Send(opened.Connection, new Message.Binary([9, 8, 7]));
                var echoed = api.Recv(opened.Connection, 5000);
                var none = api.Recv(opened.Connection, 50);
                api.Close(opened.Connection, null, null);
                return (echoed, none, SynchronizationContext.Current);
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).WaitAsync(TimeSpan.FromSeconds(20));

        var message = Assert.IsType<Incoming.Message>(result.echoed.OkValue);
        Assert.Equal(new byte[] { 9, 8, 7 }, Assert.IsType<Message.Binary>(message.Value).Value);
        Assert.Null(result.none.OkValue);
        Assert.IsType<NeverPumpedContext>(result.Current);
    }

    [Fact]
    public async Task Stopping_turns_a_call_in_flight_into_an_io_error()
    {
        await using var peer = await KestrelPeer.StartAsync();
        await using var host = new WebSocketHost();
        var session = host.CreateSession(TestPolicies.Loopback(peer.Port), "api");
        using var stopping = new CancellationTokenSource();
        var api = new WebSocketApi(session, stopping.Token);
        var handle = api.Open(new Yoi.Host.Websocket.OpenRequest(peer.Url("/echo"), [], [])).OkValue.Connection;

        var waiting = Task.Run(() => api.Recv(handle, 30_000));
        await Task.Delay(100);
        stopping.Cancel();
        await session.DisposeAsync();

        var result = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(result.IsErr);
        Assert.True(result.ErrValue is WitError.Io or WitError.InvalidHandle, result.ToString());
        Assert.True(await WaitFor.TrueAsync(() => peer.Active == 0));
    }

    private sealed class NeverPumpedContext : SynchronizationContext
    {
        public override void Post(SendOrPostCallback d, object? state)
        {
        }

        public override void Send(SendOrPostCallback d, object? state) => throw new InvalidOperationException("no synchronous send");
    }
}
