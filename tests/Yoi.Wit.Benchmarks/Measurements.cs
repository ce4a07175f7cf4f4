using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yoi.Runtime.Hosting;
using Yoi.Runtime.WebSockets;
using Yoi.Wit.Bindings;

namespace Yoi.Wit.Benchmarks;

/// <summary>
/// One-shot measurements that are not BenchmarkDotNet benchmarks (each is one long operation):
/// <c>--measure-cache</c> and <c>--measure-connections [instances] [per-instance]</c>.
/// </summary>
internal static class Measurements
{
    /// <summary>
    /// The compiled-component cache on the sample plugin: the first Load (compile with Cranelift and
    /// write the serialized artifact), a second Load in the same host (in memory), and a Load in a fresh
    /// host sharing the disk cache (deserialize). Each is followed by Start + one Run to show it works.
    /// </summary>
    public static async Task<int> CacheAsync()
    {
        var work = SamplePlugins.TempDir("cache");
        try
        {
            var grants = SamplePlugins.EchoGrants(work);
            var options = new PluginHostOptions { CacheDirectory = Path.Combine(work, "compiled") };
            var plugin = SamplePlugins.EchoPluginDir;
            var size = new FileInfo(Path.Combine(plugin, "plugin.wasm")).Length;
            Console.WriteLine($"echo-plugin component: {size:N0} bytes");

            TimeSpan first, second;
            var again = new List<double>();
            await using (var host = new PluginHost(options))
            {
                var clock = Stopwatch.StartNew();
                var loaded = SamplePlugins.Load(host, plugin, grants);
                first = clock.Elapsed;
                Check(host, loaded);

                clock.Restart();
                SamplePlugins.Load(host, plugin, grants);
                second = clock.Elapsed;
                for (var i = 0; i < 5; i++)
                {
                    clock.Restart();
                    SamplePlugins.Load(host, plugin, grants);
                    again.Add(clock.Elapsed.TotalMilliseconds);
                }

                Console.WriteLine($"compilations in host 1: {host.Cache.Compilations}");
            }

            var stored = Directory.GetFiles(options.CacheDirectory!).Single();
            var fresh = new List<double>();
            for (var i = 0; i < 3; i++)
            {
                await using var host = new PluginHost(options);
                var clock = Stopwatch.StartNew();
                var loaded = SamplePlugins.Load(host, plugin, grants);
                fresh.Add(clock.Elapsed.TotalMilliseconds);
                if (host.Cache.Compilations != 0)
                {
                    throw new InvalidOperationException("the fresh host compiled instead of loading from disk");
                }

                Check(host, loaded);
            }

            Console.WriteLine($"disk artifact: {new FileInfo(stored).Length:N0} bytes");
            Console.WriteLine($"first Load (compile + write artifact):   {first.TotalMilliseconds,10:N1} ms");
            Console.WriteLine($"second Load, same host (memory):         {second.TotalMilliseconds,10:N1} ms (then {string.Join(", ", again.Select(v => v.ToString("N2")))} ms) -> {first.TotalMilliseconds / Median(again.Append(second.TotalMilliseconds)):N0}x");
            Console.WriteLine($"Load in a fresh host (disk, deserialize): {Median(fresh),10:N1} ms median of {string.Join(", ", fresh.Select(v => v.ToString("N1")))} -> {first.TotalMilliseconds / Median(fresh):N0}x");
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }

        static void Check(PluginHost host, LoadedPlugin loaded)
        {
            // The component really runs (a bad JSON input is a fast, typed err from the JS code).
            var instance = SamplePlugins.Start(host, loaded);
            var result = host.Run(instance, "{");
            if (!result.IsOk || result.Value.IsOk)
            {
                throw new InvalidOperationException($"unexpected run result {result}");
            }

            instance.Dispose();
        }
    }

    /// <summary>
    /// Opens <paramref name="instances"/> × <paramref name="perInstance"/> WebSockets through plugin
    /// instances of the WAT guest (its <c>connect</c> export) against one Kestrel echo server in a child
    /// process on 127.0.0.1, holds them, checks a sample still echoes, and reports memory and threads of
    /// this (the host) process. Bounded: gives up after two minutes.
    /// </summary>
    public static async Task<int> ConnectionsAsync(int instances, int perInstance)
    {
        var total = instances * perInstance;
        var work = SamplePlugins.TempDir("connections");
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var server = EchoServerProcess.Start();
        try
        {
            Console.WriteLine($"fd limit (ulimit -n) of this process: {FdLimit()}; echo server: child process {server.Process.Id} on 127.0.0.1:{server.Port}");
            var (plugin, grants) = SamplePlugins.WebSocketGuest(work);
            var options = new PluginHostOptions
            {
                WebSockets = WebSocketLimits.Default with
                {
                    MaxConnectionsPerInstance = perInstance,
                    MaxConnectionsPerHost = total,
                    IdleTimeout = TimeSpan.FromMinutes(10),
                },
            };
            await using var host = new PluginHost(options);
            var loaded = SamplePlugins.Load(host, plugin, grants);
            var started = new List<PluginInstance>();
            for (var i = 0; i < instances; i++)
            {
                started.Add(SamplePlugins.Start(host, loaded));
            }

            var before = Snapshot.Take();
            Console.WriteLine($"{instances} instances started, no connections:  {before}");

            var url = $"ws://127.0.0.1:{server.Port}/echo";
            var clock = Stopwatch.StartNew();
            var handles = new uint[instances, perInstance];
            var failures = 0;
            var opened = 0;
            Parallel.For(0, instances, new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = deadline.Token }, i =>
            {
                for (var c = 0; c < perInstance; c++)
                {
                    var result = ComponentValues.ToResult<uint, string>(
                        started[i].CallExport("connect", ComponentValues.FromString(url))!, ComponentValues.ToU32, ComponentValues.ToString);
                    if (result.IsOk)
                    {
                        handles[i, c] = result.OkValue;
                        Interlocked.Increment(ref opened);
                    }
                    else if (Interlocked.Increment(ref failures) <= 5)
                    {
                        Console.WriteLine($"connect failed: {result.ErrValue}");
                    }
                }
            });
            var openTime = clock.Elapsed;
            var held = host.WebSockets.ConnectionCount;
            var after = Snapshot.Take();
            Console.WriteLine($"{opened} connections opened in {openTime.TotalSeconds:N1} s ({failures} failed); host holds {held}; server reports {await server.ActiveAsync()}");
            Console.WriteLine($"holding {held} connections:                  {after}");

            // Hold them a while, then check a spread of them still echo.
            await Task.Delay(TimeSpan.FromSeconds(3), deadline.Token);
            var echoed = 0;
            for (var i = 0; i < instances; i += Math.Max(1, instances / 50))
            {
                for (var c = 0; c < perInstance; c++)
                {
                    var echo = ComponentValues.ToResult<uint, string>(
                        started[i].CallExport("echo", ComponentValues.FromU32(handles[i, c]), ComponentValues.FromU32(2), ComponentValues.FromU32(1024), ComponentValues.FromBool(true))!,
                        ComponentValues.ToU32,
                        ComponentValues.ToString);
                    echoed += echo.IsOk ? 1 : 0;
                }
            }

            var still = host.WebSockets.ConnectionCount;
            var serverActive = await server.ActiveAsync();
            Console.WriteLine($"after 3 s: host holds {still}, server reports {serverActive}; {echoed} sampled connections echoed 2 x 1 KiB");
            Console.WriteLine(
                $"per connection: GC heap {(after.GcHeap - before.GcHeap) / (double)held / 1024:N1} KiB, working set {(after.WorkingSet - before.WorkingSet) / (double)held / 1024:N1} KiB; " +
                $"threads {before.Threads} -> {after.Threads} (thread pool {before.PoolThreads} -> {after.PoolThreads})");
            Console.WriteLine($"echo server process: working set {server.Process.WorkingSet64() / 1024.0 / 1024:N1} MiB");

            clock.Restart();
            foreach (var instance in started)
            {
                await instance.StopAsync();
            }

            Console.WriteLine($"stopped {instances} instances in {clock.Elapsed.TotalSeconds:N1} s; host holds {host.WebSockets.ConnectionCount}; server reports {await WaitForServerAsync(server, 0)}");
            return held == total ? 0 : 1;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<int> WaitForServerAsync(EchoServerProcess server, int expected)
    {
        var active = await server.ActiveAsync();
        for (var i = 0; i < 50 && active != expected; i++)
        {
            await Task.Delay(100);
            active = await server.ActiveAsync();
        }

        return active;
    }

    private static long WorkingSet64(this Process process)
    {
        process.Refresh();
        return process.WorkingSet64;
    }

    private static string FdLimit()
    {
        try
        {
            var line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
            return line is null ? "unknown" : string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(3).Take(2)) + " (soft, hard)";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    internal readonly record struct Snapshot(long GcHeap, long WorkingSet, int Threads, int PoolThreads)
    {
        public static Snapshot Take()
        {
            var heap = GC.GetTotalMemory(forceFullCollection: true);
            using var self = Process.GetCurrentProcess();
            return new Snapshot(heap, self.WorkingSet64, self.Threads.Count, ThreadPool.ThreadCount);
        }

        public override string ToString() =>
            $"GC heap {GcHeap / 1024.0 / 1024:N1} MiB, working set {WorkingSet / 1024.0 / 1024:N1} MiB, {Threads} threads ({PoolThreads} thread-pool)";
    }

    /// <summary>
    /// Runs this program with <c>--echo-server</c>: Kestrel on 127.0.0.1:0 (no connection limits) with a
    /// WebSocket echo at /echo (4 KiB buffer per connection) and GET /active (open WebSockets). It prints
    /// its port and exits when its standard input closes.
    /// </summary>
    internal sealed class EchoServerProcess : IDisposable
    {
        private readonly HttpClient _http = new();

        private EchoServerProcess(Process process, int port)
        {
            Process = process;
            Port = port;
        }

        public Process Process { get; }

        public int Port { get; }

        public static EchoServerProcess Start()
        {
            var self = Environment.ProcessPath!;
            var start = new ProcessStartInfo(self) { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
            if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            {
                start.ArgumentList.Add(typeof(Measurements).Assembly.Location);
            }

            start.ArgumentList.Add("--echo-server");
            var process = Process.Start(start)!;
            var line = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("the echo server did not start");
            return new EchoServerProcess(process, int.Parse(line.Split(' ')[1]));
        }

        public async Task<int> ActiveAsync() =>
            int.Parse(await _http.GetStringAsync($"http://127.0.0.1:{Port}/active"));

        public void Dispose()
        {
            _http.Dispose();
            Process.StandardInput.Close();
            if (!Process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                Process.Kill();
            }

            Process.Dispose();
        }

        /// <summary>The child's side.</summary>
        public static async Task<int> ServeAsync()
        {
            var active = 0;
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel(options =>
            {
                options.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http1);
                options.Limits.MaxConcurrentConnections = null;
                options.Limits.MaxConcurrentUpgradedConnections = null;
            });
            builder.Logging.ClearProviders();
            var app = builder.Build();
            app.UseWebSockets();
            app.MapGet("/active", () => Volatile.Read(ref active).ToString(System.Globalization.CultureInfo.InvariantCulture));
            app.Map("/echo", async context =>
            {
                if (!context.WebSockets.IsWebSocketRequest)
                {
                    context.Response.StatusCode = 400;
                    return;
                }

                using var socket = await context.WebSockets.AcceptWebSocketAsync();
                Interlocked.Increment(ref active);
                try
                {
                    var buffer = new byte[4096];
                    while (true)
                    {
                        var received = await socket.ReceiveAsync(buffer.AsMemory(), context.RequestAborted);
                        if (received.MessageType == WebSocketMessageType.Close)
                        {
                            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", context.RequestAborted);
                            return;
                        }

                        await socket.SendAsync(buffer.AsMemory(0, received.Count), received.MessageType, received.EndOfMessage, context.RequestAborted);
                    }
                }
                catch (Exception error) when (error is WebSocketException or OperationCanceledException or IOException)
                {
                }
                finally
                {
                    Interlocked.Decrement(ref active);
                }
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            Console.WriteLine($"PORT {new Uri(address).Port}");
            await Console.In.ReadToEndAsync();
            await app.StopAsync();
            return 0;
        }
    }
}
