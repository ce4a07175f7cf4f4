using System.Net.WebSockets;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Yoi.Runtime.Hosting;
using Yoi.Runtime.Services;

namespace Yoi.Wit.Benchmarks;

/// <summary>
/// Event latency of a plugin service, same peer, same run: the peer sends one small text message and
/// the operation ends when it has reached the receiver.
/// <list type="bullet">
/// <item><c>RawClientWebSocket</c> (baseline): a pending <see cref="ClientWebSocket.ReceiveAsync(Memory{byte}, CancellationToken)"/> completes.</item>
/// <item><c>ServiceRecv</c>: the service driver wakes (readiness listener, queue, its loop on the thread
/// pool), calls the guest's <c>handle(readable)</c>, the guest calls <c>recv</c> and drains the message,
/// and <c>handle</c> returns (<see cref="PluginService.EventHandled"/>).</item>
/// </list>
/// The guest is tests/Guests/service-guest.wat in drain mode; nothing else runs in the host.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(Config))]
public class ServiceEventBenchmarks
{
    private const int Messages = 100;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly byte[] _payload = "tick"u8.ToArray();
    private readonly byte[] _receive = new byte[1024];
    private string _work = null!;
    private PushPeer _peer = null!;
    private PluginHost _host = null!;
    private PluginService _service = null!;
    private WebSocket _toService = null!;
    private ClientWebSocket _raw = null!;
    private WebSocket _toRaw = null!;
    private TaskCompletionSource? _handled;

    [GlobalSetup]
    public async Task Setup()
    {
        _work = SamplePlugins.TempDir("service-events");
        _peer = await PushPeer.StartAsync();
        _host = new PluginHost();
        var (plugin, grants) = SamplePlugins.ServiceGuest(_work, "/push");
        _service = await SamplePlugins.StartServiceAsync(_host, SamplePlugins.Load(_host, plugin, grants), "bench");
        await SamplePlugins.InvokeAsync(_service, "mode drain");
        await SamplePlugins.InvokeAsync(_service, "open " + _peer.Url);
        _toService = await _peer.AcceptAsync(Wait);
        _service.EventHandled += (_, _) => Volatile.Read(ref _handled)?.TrySetResult();

        _raw = new ClientWebSocket();
        await _raw.ConnectAsync(new Uri(_peer.Url), CancellationToken.None);
        _toRaw = await _peer.AcceptAsync(Wait);

        // Both paths must really deliver before anything is measured.
        if (await RawClientWebSocket() != Messages || await ServiceRecv() != Messages)
        {
            throw new InvalidOperationException("the event paths do not work");
        }

        var received = await SamplePlugins.InvokeAsync(_service, "count");
        if (received != (2 * Messages).ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException($"the guest received {received} messages, not {2 * Messages}");
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        await _raw.CloseAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
        _raw.Dispose();
        await _service.StopAsync();
        await _host.DisposeAsync();
        await _peer.DisposeAsync();
        Directory.Delete(_work, recursive: true);
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Messages)]
    public async Task<int> RawClientWebSocket()
    {
        for (var i = 0; i < Messages; i++)
        {
            var receive = _raw.ReceiveAsync(_receive.AsMemory(), CancellationToken.None);
            await _toRaw.SendAsync(_payload, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            await receive;
        }

        return Messages;
    }

    [Benchmark(OperationsPerInvoke = Messages)]
    public async Task<int> ServiceRecv()
    {
        for (var i = 0; i < Messages; i++)
        {
            var handled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref _handled, handled);
            await _toService.SendAsync(_payload, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
            await handled.Task.WaitAsync(Wait);
        }

        return Messages;
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
