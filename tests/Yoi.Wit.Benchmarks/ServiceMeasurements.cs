using System.Diagnostics;
using Yoi.Mocks.Discord;
using Yoi.Runtime.Hosting;
using Yoi.Runtime.Manifest;
using Yoi.Runtime.Services;
using Yoi.Runtime.WebSockets;

namespace Yoi.Wit.Benchmarks;

/// <summary>
/// Plugin-service measurements that are single long operations:
/// <c>--measure-idle-services [count]</c> and <c>--soak-gateway [minutes] [heartbeat-ms]</c>.
/// </summary>
internal static class ServiceMeasurements
{
    /// <summary>
    /// Starts <paramref name="count"/> services of the WAT service guest, each holding one open WebSocket
    /// to a Kestrel echo server in a child process, lets them sit idle, and reports this process's
    /// threads and memory per service; then checks a sample still answers and stops them all.
    /// </summary>
    public static async Task<int> IdleServicesAsync(int count)
    {
        var work = SamplePlugins.TempDir("idle-services");
        using var server = Measurements.EchoServerProcess.Start();
        try
        {
            var (plugin, grants) = SamplePlugins.ServiceGuest(work, "/echo");
            var options = new PluginHostOptions
            {
                WebSockets = WebSocketLimits.Default with { MaxConnectionsPerHost = count, IdleTimeout = TimeSpan.FromMinutes(10) },
            };
            await using var host = new PluginHost(options);
            var loaded = SamplePlugins.Load(host, plugin, grants);
            var baseline = Measurements.Snapshot.Take();
            Console.WriteLine($"before any service:               {baseline}");

            var clock = Stopwatch.StartNew();
            var services = new List<PluginService>(count);
            var url = $"ws://127.0.0.1:{server.Port}/echo";
            for (var i = 0; i < count; i++)
            {
                var service = await SamplePlugins.StartServiceAsync(host, loaded, "idle");
                await SamplePlugins.InvokeAsync(service, "open " + url);
                services.Add(service);
            }

            Console.WriteLine($"{count} services started, one connection each, in {clock.Elapsed.TotalSeconds:N1} s; host holds {host.WebSockets.ConnectionCount}; server reports {await server.ActiveAsync()}");
            var held = Measurements.Snapshot.Take();
            Console.WriteLine($"{count} idle services:               {held}");
            await Task.Delay(TimeSpan.FromSeconds(5));
            var idle = Measurements.Snapshot.Take();
            Console.WriteLine($"after 5 s idle:                   {idle}");
            Console.WriteLine(
                $"per service: GC heap {(idle.GcHeap - baseline.GcHeap) / (double)count / 1024:N1} KiB, working set {(idle.WorkingSet - baseline.WorkingSet) / (double)count / 1024:N1} KiB; " +
                $"threads {baseline.Threads} -> {idle.Threads} for {count} services (thread pool {baseline.PoolThreads} -> {idle.PoolThreads}; guest threads {host.GuestThreadCount})");

            var answered = 0;
            for (var i = 0; i < count; i += Math.Max(1, count / 50))
            {
                answered += (await services[i].InvokeAsync("count")).IsOk ? 1 : 0;
            }

            Console.WriteLine($"{answered} sampled services answered invoke; {services.Count(s => s.State == ServiceState.Running)} running");
            clock.Restart();
            await Task.WhenAll(services.Select(s => s.StopAsync()));
            Console.WriteLine($"stopped {count} services in {clock.Elapsed.TotalSeconds:N1} s; host holds {host.WebSockets.ConnectionCount}");
            return services.All(s => s.Completion.Result.State == ServiceState.Stopped) ? 0 : 1;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// Runs the gateway bot against the mock gateway with a fast heartbeat for <paramref name="minutes"/>,
    /// a "!ping" every second, and reports heartbeats sent, late heartbeats (a gap over 1.5 intervals),
    /// connections opened (1 when nothing went wrong), pongs, and this process's memory at the start and the end.
    /// </summary>
    public static async Task<int> SoakGatewayAsync(double minutes, int heartbeatMs)
    {
        var work = SamplePlugins.TempDir("soak");
        try
        {
            var interval = TimeSpan.FromMilliseconds(heartbeatMs);
            await using var gateway = await MockGateway.StartAsync(new MockGatewayOptions
            {
                Token = "soak-" + Guid.NewGuid().ToString("N")[..12],
                HeartbeatInterval = interval,
                HistoryLimit = 1000,
            });
            var grants = SamplePlugins.GatewayBotGrants(work, gateway);
            var options = new PluginHostOptions
            {
                // A soak outlives the default 15 min connection lifetime, which would end the session; and its
                // fast heartbeat (10 a second against Discord's ~1 per 41 s) is far over the gateway send budget.
                WebSockets = WebSocketLimits.Default with { Lifetime = TimeSpan.FromHours(24), MaxSendsPerWindow = null },
            };
            await using var host = new PluginHost(options);
            var bot = SamplePlugins.Load(host, SamplePlugins.GatewayBotDir, grants);
            var config = $$"""{"gateway": "{{gateway.GatewayUrl}}", "rest": "{{gateway.RestBaseUrl}}", "intents": 37376, "seed": 4242}""";
            var service = await SamplePlugins.StartServiceAsync(host, bot, config);
            await gateway.WaitForAsync(s => s.Latest is { IsReady: true } c && c.Heartbeats.Count >= 3, TimeSpan.FromSeconds(30));
            var start = Measurements.Snapshot.Take();
            Console.WriteLine($"bot ready, heartbeat {heartbeatMs} ms; start: {start}");

            var watch = new HeartbeatWatch(interval);
            watch.Observe(gateway.Snapshot());
            var clock = Stopwatch.StartNew();
            var pings = 0;
            var end = TimeSpan.FromMinutes(minutes);
            var nextReport = TimeSpan.FromMinutes(1);
            while (clock.Elapsed < end && service.State == ServiceState.Running)
            {
                await gateway.DispatchMessageCreateAsync("1300000000000000001", "!ping");
                pings++;
                await Task.Delay(TimeSpan.FromSeconds(1));
                watch.Observe(gateway.Snapshot());
                if (clock.Elapsed >= nextReport)
                {
                    Console.WriteLine($"{clock.Elapsed.TotalMinutes:N0} min: {watch}; {Measurements.Snapshot.Take()}");
                    nextReport += TimeSpan.FromMinutes(1);
                }
            }

            var final = Measurements.Snapshot.Take();
            var snapshot = gateway.Snapshot();
            watch.Observe(snapshot);
            Console.WriteLine($"after {clock.Elapsed.TotalMinutes:N1} min: {watch}; {pings} pings sent, {snapshot.Posts.Count(p => p.Content == "pong")} pongs among the last 1,000 posts");
            Console.WriteLine($"memory: start GC heap {start.GcHeap / 1024.0 / 1024:N1} MiB, working set {start.WorkingSet / 1024.0 / 1024:N1} MiB; end GC heap {final.GcHeap / 1024.0 / 1024:N1} MiB, working set {final.WorkingSet / 1024.0 / 1024:N1} MiB");
            Console.WriteLine($"service: {service.State}, restarts {service.Restarts}, last failure {service.LastFailure?.ToString() ?? "none"}");
            var outcome = await service.StopAsync();
            Console.WriteLine($"stopped: {outcome.State}; open sockets {service.OpenSocketCount}");
            return service.Restarts == 0 && outcome.State == ServiceState.Stopped && watch.Late == 0 && watch.Connections == 1 ? 0 : 1;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// Counts heartbeats as the mock records them, incrementally (the mock keeps only its last 1,000
    /// records per list, so the soak's memory stays flat): late ones are gaps over 1.5 intervals on one connection.
    /// </summary>
    private sealed class HeartbeatWatch(TimeSpan interval)
    {
        private readonly Dictionary<int, DateTimeOffset> _last = [];

        public int Heartbeats { get; private set; }

        public int Late { get; private set; }

        public TimeSpan Worst { get; private set; }

        public int Connections { get; private set; }

        public void Observe(MockGatewaySnapshot snapshot)
        {
            Connections = snapshot.ConnectionsOpened;
            foreach (var connection in snapshot.Connections)
            {
                var seen = _last.TryGetValue(connection.Id, out var last);
                foreach (var beat in connection.Heartbeats)
                {
                    if (seen && beat.Time <= last)
                    {
                        continue;
                    }

                    if (seen)
                    {
                        var gap = beat.Time - last;
                        Worst = gap > Worst ? gap : Worst;
                        Late += gap > interval * 1.5 ? 1 : 0;
                    }

                    Heartbeats++;
                    last = beat.Time;
                    seen = true;
                }

                if (seen)
                {
                    _last[connection.Id] = last;
                }
            }
        }

        public override string ToString() =>
            $"{Heartbeats} heartbeats, {Late} late (worst gap {Worst.TotalMilliseconds:N0} ms), {Connections} connection(s)";
    }
}
