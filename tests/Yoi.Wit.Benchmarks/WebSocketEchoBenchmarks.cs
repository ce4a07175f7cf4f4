using System.Net.WebSockets;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Wasmtime;
using Wasmtime.Components;
using Yoi.Runtime.Hosting;
using Yoi.Runtime.Policy;
using Yoi.Runtime.Tests.WebSockets;
using Yoi.Runtime.WebSockets;
using Yoi.Wit.Bindings;

namespace Yoi.Wit.Benchmarks;

/// <summary>
/// A 1 KiB echo loop against one loopback Kestrel echo server, in the same run:
/// <list type="bullet">
/// <item><c>RawClientWebSocket</c> (baseline): a C# loop of SendAsync + ReceiveAsync on a plain <see cref="ClientWebSocket"/>.</item>
/// <item><c>GuestComponent</c>: the guest component's <c>echo</c> export runs the same loop through the
/// generated <c>yoi:host/websocket</c> bindings, <c>WebSocketApi</c>, the sync bridge and the policy-checked,
/// host-owned socket pool (receive pump, bounded buffer) inside a <see cref="PluginInstance"/>.</item>
/// </list>
/// <c>PoolFromCSharp</c> is a breakdown, not a contender: the host-owned pool driven from C# without a guest.
/// One operation is one round trip (send 1 KiB, receive the 1 KiB echo); the guest/raw throughput
/// ratio is 1 / the Ratio column. Connections are opened once per benchmark, outside the measurement.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class WebSocketEchoBenchmarks
{
    private const int RoundTrips = 200;
    private const int Size = 1024;

    private readonly byte[] _send = new byte[Size];
    private readonly byte[] _receive = new byte[64 * 1024];
    private KestrelPeer _peer = null!;
    private WebSocketHost _host = null!;
    private Engine _engine = null!;
    private Component _component = null!;
    private PluginInstance _instance = null!;
    private uint _handle;
    private ClientWebSocket _raw = null!;
    private WebSocketSession _session = null!;
    private uint _sessionHandle;
    private WebSocketMessage _message = null!;

    /// <summary>Text (a string of 'a's) or binary (list&lt;u8&gt;) messages.</summary>
    [Params(false, true)]
    public bool Binary { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        Array.Fill(_send, (byte)'a');
        _peer = await KestrelPeer.StartAsync();
        _host = new WebSocketHost(WebSocketLimits.Default with { MaxSendsPerWindow = null }); // a throughput loop, not a gateway
        _engine = new Engine();
        using (var wat = typeof(WebSocketEchoBenchmarks).Assembly.GetManifestResourceStream("websocket-guest.wat")!)
        using (var reader = new StreamReader(wat))
        {
            _component = Component.FromText(_engine, await reader.ReadToEndAsync());
        }

        _instance = PluginInstance.Start(_engine, _component, _host, LoopbackPolicy(_peer.Port), "bench");
        var connected = ComponentValues.ToResult<uint, string>(
            _instance.CallExport("connect", ComponentValues.FromString(_peer.Url("/echo")))!, ComponentValues.ToU32, ComponentValues.ToString);
        _handle = connected.IsOk ? connected.OkValue : throw new InvalidOperationException("guest connect failed: " + connected.ErrValue);

        _raw = new ClientWebSocket();
        await _raw.ConnectAsync(new Uri(_peer.Url("/echo")), CancellationToken.None);

        _session = _host.CreateSession(LoopbackPolicy(_peer.Port), "bench-session");
        var opened = await _session.OpenAsync(new OpenRequest(_peer.Url("/echo")));
        _sessionHandle = opened.IsOk ? opened.Value.Connection : throw new InvalidOperationException("session open failed: " + opened.Error);
        _message = Binary ? new WebSocketMessage.Binary(_send) : new WebSocketMessage.Text(new string('a', Size));

        // Every loop must really echo before anything is measured.
        if (await RawClientWebSocket() != RoundTrips * Size || GuestComponent() != RoundTrips || await PoolFromCSharp() != RoundTrips)
        {
            throw new InvalidOperationException("the echo loops do not work");
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _raw.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        _raw.Dispose();
        await _session.DisposeAsync();
        await _instance.DisposeAsync();
        await _host.DisposeAsync();
        _component.Dispose();
        _engine.Dispose();
        await _peer.DisposeAsync();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = RoundTrips)]
    public async Task<long> RawClientWebSocket()
    {
        var type = Binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text;
        long total = 0;
        for (var i = 0; i < RoundTrips; i++)
        {
            await _raw.SendAsync(_send, type, endOfMessage: true, CancellationToken.None);
            ValueWebSocketReceiveResult received;
            var length = 0;
            do
            {
                received = await _raw.ReceiveAsync(_receive.AsMemory(length), CancellationToken.None);
                length += received.Count;
            }
            while (!received.EndOfMessage);

            total += length;
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = RoundTrips)]
    public uint GuestComponent()
    {
        var result = ComponentValues.ToResult<uint, string>(
            _instance.CallExport(
                "echo",
                ComponentValues.FromU32(_handle),
                ComponentValues.FromU32(RoundTrips),
                ComponentValues.FromU32(Size),
                ComponentValues.FromBool(Binary))!,
            ComponentValues.ToU32,
            ComponentValues.ToString);
        return result.IsOk ? result.OkValue : throw new InvalidOperationException("guest echo failed: " + result.ErrValue);
    }

    /// <summary>
    /// Not part of the comparison, a breakdown: the same loop on the host-owned socket pool called from C#
    /// (policy-checked connection, receive pump, bounded buffer), without the guest, the bindings or the sync bridge.
    /// </summary>
    [Benchmark(OperationsPerInvoke = RoundTrips)]
    public async Task<int> PoolFromCSharp()
    {
        var echoed = 0;
        for (var i = 0; i < RoundTrips; i++)
        {
            var sent = await _session.SendAsync(_sessionHandle, _message);
            var received = await _session.RecvAsync(_sessionHandle, 5000);
            if (!sent.IsOk || !received.IsOk || !received.Value.HasValue)
            {
                throw new InvalidOperationException($"pool echo failed: {sent} {received}");
            }

            echoed++;
        }

        return echoed;
    }

    private static IWebSocketPolicy LoopbackPolicy(int port)
    {
        var target = new WebSocketTarget(
            "ws",
            HostPattern.Parse("127.0.0.1").Value,
            PortRule.Exactly(port).Value,
            PathPrefixSet.Create([]).Value,
            TokenRule.Create([], "subprotocol").Value,
            null);
        return new TargetListPolicy([target], [target]);
    }

    /// <summary>A short in-process job: one launch, a few warm-ups, ten measured iterations.</summary>
    private sealed class Config : ManualConfig
    {
        public Config() =>
            AddJob(Job.Default
                .WithToolchain(InProcessEmitToolchain.Instance)
                .WithLaunchCount(1)
                .WithWarmupCount(3)
                .WithIterationCount(10));
    }
}
