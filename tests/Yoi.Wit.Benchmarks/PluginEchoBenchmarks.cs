using System.Net.WebSockets;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Yoi.Runtime.Hosting;
using Yoi.Runtime.WebSockets;
using Yoi.Runtime.Tests.WebSockets;
using Yoi.Wit.Bindings;

namespace Yoi.Wit.Benchmarks;

/// <summary>
/// The JavaScript sample plugin (examples/echo-plugin, componentize-js) through the real
/// <see cref="PluginHost"/> against a raw <see cref="ClientWebSocket"/>, in the same run, on one
/// loopback Kestrel echo server: a loop of 1 KiB round trips, text and binary.
/// <list type="bullet">
/// <item><c>RawClientWebSocket</c> (baseline): SendAsync + ReceiveAsync on one connection opened in setup.</item>
/// <item><c>JsPluginEchoLoop</c>: one <c>run</c> call with <c>{"loop": {"count": 500, "size": 1024}}</c>:
/// the plugin opens a policy-checked connection, does 500 round trips through <c>yoi:host/websocket</c>
/// (send, recv, each echo checked in JS), and closes. So its figure includes one WebSocket handshake and
/// close per 500 round trips and the JSON/JS work; the raw loop pays neither.</item>
/// <item><c>WatGuestEchoLoop</c>, a breakdown: the same host path (PluginHost, policy, generated bindings,
/// socket pool) driven by the hand-written WAT guest's <c>echo</c> export (tests/Guests/websocket-guest.wat)
/// on a connection opened in setup, so the difference to <c>JsPluginEchoLoop</c> is the JavaScript engine
/// and its bindings.</item>
/// </list>
/// One operation is one round trip; plugin/raw throughput is 1 / the Ratio column.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class PluginEchoBenchmarks
{
    private const int RoundTrips = 500;
    private const int Size = 1024;

    private readonly byte[] _send = new byte[Size];
    private readonly byte[] _receive = new byte[64 * 1024];
    private string _work = null!;
    private KestrelPeer _peer = null!;
    private PluginHost _host = null!;
    private PluginInstance _instance = null!;
    private ClientWebSocket _raw = null!;
    private string _input = null!;
    private PluginInstance _wat = null!;
    private uint _watConnection;

    /// <summary>Text (a string of 'a's) or binary (list&lt;u8&gt; / Uint8Array) messages.</summary>
    [Params(false, true)]
    public bool Binary { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        Array.Fill(_send, (byte)'a');
        _work = SamplePlugins.TempDir("plugin-echo");
        _peer = await KestrelPeer.StartAsync();

        // A disk cache outside the run's temp folder, so repeated runs skip the 10-40 s compile.
        var cache = Path.Combine(Path.GetTempPath(), $"yoi-bench-compiled-{Environment.UserName}");
        _host = new PluginHost(new PluginHostOptions { CacheDirectory = cache, WebSockets = WebSocketLimits.Default with { MaxSendsPerWindow = null } }); // a throughput loop, not a gateway
        var plugin = SamplePlugins.Load(_host, SamplePlugins.EchoPluginDir, SamplePlugins.EchoGrants(_work));
        _instance = SamplePlugins.Start(_host, plugin);
        _input = $$$"""{"ws":"{{{_peer.Url("/echo")}}}","loop":{"count":{{{RoundTrips}}},"size":{{{Size}}},"binary":{{{(Binary ? "true" : "false")}}}}}""";

        var (watPlugin, watGrants) = SamplePlugins.WebSocketGuest(_work);
        _wat = SamplePlugins.Start(_host, SamplePlugins.Load(_host, watPlugin, watGrants));
        var connected = ComponentValues.ToResult<uint, string>(
            _wat.CallExport("connect", ComponentValues.FromString(_peer.Url("/echo")))!, ComponentValues.ToU32, ComponentValues.ToString);
        _watConnection = connected.IsOk ? connected.OkValue : throw new InvalidOperationException("guest connect failed: " + connected.ErrValue);

        _raw = new ClientWebSocket();
        await _raw.ConnectAsync(new Uri(_peer.Url("/echo")), CancellationToken.None);

        // Both loops must really echo before anything is measured.
        if (await RawClientWebSocket() != RoundTrips * Size || JsPluginEchoLoop() != $"echo loop: {RoundTrips} x {Size} bytes {(Binary ? "binary" : "text")}" || WatGuestEchoLoop() != RoundTrips)
        {
            throw new InvalidOperationException("the echo loops do not work");
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _raw.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        _raw.Dispose();
        await _host.DisposeAsync();
        await _peer.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = RoundTrips)]
    public async Task<long> RawClientWebSocket()
    {
        long total = 0;
        for (var i = 0; i < RoundTrips; i++)
        {
            await _raw.SendAsync(_send, Binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
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
    public string JsPluginEchoLoop() => SamplePlugins.Run(_host, _instance, _input);

    [Benchmark(OperationsPerInvoke = RoundTrips)]
    public uint WatGuestEchoLoop()
    {
        var result = ComponentValues.ToResult<uint, string>(
            _wat.CallExport(
                "echo",
                ComponentValues.FromU32(_watConnection),
                ComponentValues.FromU32(RoundTrips),
                ComponentValues.FromU32(Size),
                ComponentValues.FromBool(Binary))!,
            ComponentValues.ToU32,
            ComponentValues.ToString);
        return result.IsOk ? result.OkValue : throw new InvalidOperationException("guest echo failed: " + result.ErrValue);
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
