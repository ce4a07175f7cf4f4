using Yoi.Runtime.Hosting;
using Yoi.Runtime.Tests.WebSockets;
using Yoi.Wit.Bindings;
using static Yoi.Runtime.Tests.Hosting.Guest;

namespace Yoi.Runtime.Tests.Hosting;

/// <summary>
/// <see cref="PluginHost"/> end to end with hand-written component WAT plugins in temporary plugin
/// folders: grant binding, the world and import checks, the call time and memory limits, the
/// compiled-component cache, and shutdown. Some guests spin the CPU on purpose, so the class runs
/// alone rather than beside timing-sensitive tests on a 2-core machine.
/// </summary>
[Collection(SpinningGuests.Name)]
public class PluginHostTests
{
    private static LoadedPlugin Loaded(PluginHost host, TestPluginFolder folder)
    {
        var loaded = host.Load(folder.Directory, folder.GrantsPath);
        Assert.True(loaded.IsOk, loaded.IsOk ? "" : string.Join("\n", loaded.Error));
        return loaded.Value;
    }

    private static PluginInstance Started(PluginHost host, LoadedPlugin plugin)
    {
        var started = host.Start(plugin);
        Assert.True(started.IsOk, started.IsOk ? "" : started.Error);
        return started.Value;
    }

    private static string LoadError(PluginHost host, TestPluginFolder folder)
    {
        var loaded = host.Load(folder.Directory, folder.GrantsPath);
        Assert.False(loaded.IsOk, "expected the load to be refused");
        return Assert.Single(loaded.Error);
    }

    private static string StartError(PluginHost host, TestPluginFolder folder)
    {
        var started = host.Start(Loaded(host, folder));
        Assert.False(started.IsOk, "expected the start to be refused");
        return started.Error;
    }

    private static WitResult<string, string> RunOk(PluginHost host, PluginInstance instance, string input)
    {
        var result = host.Run(instance, input);
        Assert.True(result.IsOk, result.IsOk ? "" : result.Error.ToString());
        return result.Value;
    }

    [Fact]
    public async Task A_granted_plugin_loads_starts_and_runs()
    {
        await using var peer = await KestrelPeer.StartAsync();
        using var folder = TestPluginFolder.Create(TestPluginFolder.WebSocketGuest);
        await using var host = new PluginHost();

        var plugin = Loaded(host, folder);
        Assert.Equal("test-plugin", plugin.Id);
        Assert.Equal(folder.Digest, plugin.Directory.ComponentDigest);
        var instance = Started(host, plugin);

        Assert.Equal("hello from guest|\0\u0001\u007fB", Ok(RunOk(host, instance, peer.Url("/echo"))));
        Assert.Equal(PluginInstanceState.Running, instance.State);
        Assert.Same(instance, Assert.Single(host.Instances));

        // The policy is the real one: a URL outside the declared and granted target is a typed denial.
        Assert.StartsWith("open: denied: ", Err(RunOk(host, instance, peer.Url("/other"))));
        Assert.Equal(0, host.WebSockets.ConnectionCount);
    }

    [Theory]
    [InlineData("digest")]
    [InlineData("version")]
    [InlineData("id")]
    public void A_grant_bound_to_another_digest_version_or_id_is_refused(string mismatch)
    {
        const string otherDigest = "sha256:0000000000000000000000000000000000000000000000000000000000000000";
        using var folder = TestPluginFolder.Create(
            TestPluginFolder.MinimalComponent(),
            grantDigest: mismatch == "digest" ? otherDigest : null,
            grantVersion: mismatch == "version" ? "1.0.1" : null,
            grantId: mismatch == "id" ? "someone-else" : null);
        using var host = new PluginHostScope();

        var error = LoadError(host.Host, folder);

        Assert.Contains($"plugin 'test-plugin' 1.0.0 with component {folder.Digest} is not granted", error);
        Assert.Contains(
            mismatch switch
            {
                "digest" => $"grants 'test-plugin' only as 1.0.0 {otherDigest}",
                "version" => $"grants 'test-plugin' only as 1.0.1 {folder.Digest}",
                _ => "has no [[plugin]] with id 'test-plugin'",
            },
            error);
        Assert.Equal(0, host.Host.Cache.Compilations);
    }

    [Fact]
    public void A_manifest_for_another_world_is_refused()
    {
        using var folder = TestPluginFolder.Create(TestPluginFolder.MinimalComponent(), world: "yoi:host/daemon");
        using var host = new PluginHostScope();

        var error = LoadError(host.Host, folder);

        Assert.EndsWith("runtime.world is 'yoi:host/daemon', but this host runs only 'yoi:host/plugin' and 'yoi:host/service'", error);
        Assert.Contains("plugin.toml", error);
    }

    private const string RequestImport = """
        (import "yoi:host/request@1.0.0" (instance (export "send" (func))))
        """;

    [Fact]
    public void A_request_import_the_manifest_does_not_request_is_refused_naming_it()
    {
        using var folder = TestPluginFolder.Create(TestPluginFolder.MinimalComponent(RequestImport), hostApis: "\"websocket\"", grantedApis: "\"websocket\", \"request\"");
        using var host = new PluginHostScope();

        var error = StartError(host.Host, folder);

        Assert.Equal("plugin 'test-plugin' imports yoi:host/request@1.0.0, but its manifest does not request 'request' in [permissions] host_api", error);
        Assert.Empty(host.Host.Instances);
    }

    [Fact]
    public void A_request_import_the_grant_does_not_grant_is_refused_naming_it()
    {
        using var folder = TestPluginFolder.Create(TestPluginFolder.MinimalComponent(RequestImport), hostApis: "\"websocket\", \"request\"", grantedApis: "\"websocket\"");
        using var host = new PluginHostScope();

        var error = StartError(host.Host, folder);

        Assert.Equal("plugin 'test-plugin' imports yoi:host/request@1.0.0, but its grant does not include 'request'", error);
    }

    [Fact]
    public void An_import_from_outside_yoi_host_is_refused_naming_it()
    {
        const string wasi = """
            (import "wasi:cli/environment@0.2.0" (instance (export "get-arguments" (func (result (list string))))))
            """;
        using var folder = TestPluginFolder.Create(TestPluginFolder.MinimalComponent(wasi));
        using var host = new PluginHostScope();

        var error = StartError(host.Host, folder);

        Assert.Equal("plugin 'test-plugin' imports wasi:cli/environment@0.2.0, which this host does not provide (plugins may import only yoi:host interfaces)", error);
    }

    [Fact]
    public void A_component_with_no_imports_runs()
    {
        using var folder = TestPluginFolder.Create(TestPluginFolder.MinimalComponent(), hostApis: "", grantedApis: "");
        using var host = new PluginHostScope();
        var instance = Started(host.Host, Loaded(host.Host, folder));

        Assert.Equal("echo me", Ok(RunOk(host.Host, instance, "echo me")));
    }

    [Fact]
    public async Task A_call_past_the_time_limit_times_out_fails_only_that_instance_and_closes_its_connections()
    {
        await using var peer = await KestrelPeer.StartAsync();
        using var folder = TestPluginFolder.Create(TestPluginFolder.WebSocketGuest);
        await using var host = new PluginHost(new PluginHostOptions { CallTimeout = TimeSpan.FromMilliseconds(500) });
        var plugin = Loaded(host, folder);
        var spinner = Started(host, plugin);
        var bystander = Started(host, plugin);
        Ok(spinner.Connect(peer.Url("/echo")));
        Ok(spinner.Connect(peer.Url("/echo")));
        var kept = Ok(bystander.Connect(peer.Url("/echo")));
        Assert.True(await WaitFor.TrueAsync(() => peer.Active == 3));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = host.Run(spinner, "!spin");

        Assert.False(result.IsOk, "a guest looping forever returned");
        Assert.Equal(PluginCallErrorKind.TimedOut, result.Error.Kind);
        Assert.Equal("the call ran longer than 0.5 s and was interrupted", result.Error.Message);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(450), TimeSpan.FromSeconds(10));
        Assert.Equal(PluginInstanceState.Failed, spinner.State);
        Assert.Equal(0, spinner.WebSockets.OpenSocketCount);
        Assert.True(await WaitFor.TrueAsync(() => peer.Active == 1), $"server still has {peer.Active} connections");
        Assert.Equal(PluginCallErrorKind.Unavailable, host.Run(spinner, peer.Url("/echo")).Error.Kind);

        // The other instance keeps its connection and its calls.
        Assert.Equal(PluginInstanceState.Running, bystander.State);
        Assert.Equal(3u, Ok(bystander.Echo(kept, 3, 1024, binary: true)));
        Assert.Equal("hello from guest|\0\u0001\u007fB", Ok(RunOk(host, bystander, peer.Url("/echo"))));
        Assert.Same(bystander, Assert.Single(host.Instances));
    }

    [Fact]
    public void The_time_limit_also_bounds_a_call_blocked_in_a_host_function()
    {
        // The peer accepts TCP but never answers the upgrade: open would wait for its 5 s connect timeout.
        using var silent = HostilePeer.Silent();
        using var folder = TestPluginFolder.Create(TestPluginFolder.WebSocketGuest);
        using var host = new PluginHostScope(new PluginHostOptions { CallTimeout = TimeSpan.FromMilliseconds(500) });
        var instance = Started(host.Host, Loaded(host.Host, folder));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = host.Host.Run(instance, silent.Url("/echo"));

        Assert.False(result.IsOk, result.IsOk ? result.Value.ToString() : "");
        Assert.Equal(PluginCallErrorKind.TimedOut, result.Error.Kind);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(450), TimeSpan.FromSeconds(3));
        Assert.Equal(PluginInstanceState.Failed, instance.State);
        Assert.Equal(0, host.Host.WebSockets.ConnectionCount);
    }

    [Fact]
    public void Each_call_gets_the_whole_time_budget_again()
    {
        using var folder = TestPluginFolder.Create(TestPluginFolder.MinimalComponent(), hostApis: "", grantedApis: "");
        using var host = new PluginHostScope(new PluginHostOptions { CallTimeout = TimeSpan.FromMilliseconds(300) });
        var instance = Started(host.Host, Loaded(host.Host, folder));

        // Well past one budget in total, but every call is short.
        for (var i = 0; i < 8; i++)
        {
            Thread.Sleep(100);
            Assert.Equal("tick", Ok(RunOk(host.Host, instance, "tick")));
        }
    }

    [Fact]
    public void Growing_memory_past_the_bound_gets_minus_one_and_the_instance_keeps_running()
    {
        using var folder = TestPluginFolder.Create(TestPluginFolder.WebSocketGuest);
        using var host = new PluginHostScope(new PluginHostOptions { MemoryLimitBytes = 1024 * 1024 });
        var instance = Started(host.Host, Loaded(host.Host, folder));

        // 1 MiB is 16 pages of 64 KiB: the 17th grow is refused with -1, not a trap.
        Assert.Equal("memory.grow -1 at 16 pages", Ok(RunOk(host.Host, instance, "!grow")));
        Assert.Equal(PluginInstanceState.Running, instance.State);
        Assert.Equal("memory.grow -1 at 16 pages", Ok(RunOk(host.Host, instance, "!grow")));
    }

    [Fact]
    public void An_input_too_large_for_the_memory_bound_fails_the_instance_cleanly()
    {
        using var folder = TestPluginFolder.Create(TestPluginFolder.WebSocketGuest);
        using var host = new PluginHostScope(new PluginHostOptions { MemoryLimitBytes = 1024 * 1024 });
        var plugin = Loaded(host.Host, folder);
        var instance = Started(host.Host, plugin);

        // Lowering a 2 MiB string needs cabi_realloc to grow past the bound; the guest traps on -1.
        var result = host.Host.Run(instance, new string('x', 2 * 1024 * 1024));

        Assert.False(result.IsOk);
        Assert.Equal(PluginCallErrorKind.Trapped, result.Error.Kind);
        Assert.Contains("unreachable", result.Error.Message);
        Assert.Equal(PluginInstanceState.Failed, instance.State);

        // The host is unharmed: a new instance of the same plugin runs.
        var next = Started(host.Host, plugin);
        Assert.Equal("memory.grow -1 at 16 pages", Ok(RunOk(host.Host, next, "!grow")));
    }

    [Fact]
    public void A_second_load_does_not_compile_again_and_a_new_host_loads_from_the_disk_cache()
    {
        using var folder = TestPluginFolder.Create(TestPluginFolder.WebSocketGuest);
        var cache = Path.Combine(folder.Root, "compiled");
        var options = new PluginHostOptions { CacheDirectory = cache };

        using (var first = new PluginHostScope(options))
        {
            Loaded(first.Host, folder);
            Assert.Equal(1, first.Host.Cache.Compilations);
            var again = Loaded(first.Host, folder);
            Assert.Equal(1, first.Host.Cache.Compilations);
            Assert.StartsWith("open: invalid-argument: ", Err(RunOk(first.Host, Started(first.Host, again), "not a url")));
        }

        var stored = Assert.Single(Directory.GetFiles(cache));
        Assert.EndsWith(".cwasm", stored);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(cache));
        }

        using var second = new PluginHostScope(options);
        var plugin = Loaded(second.Host, folder);
        Assert.Equal(0, second.Host.Cache.Compilations);
        Assert.StartsWith("open: invalid-argument: ", Err(RunOk(second.Host, Started(second.Host, plugin), "not a url")));
    }

    [Fact]
    public void A_damaged_disk_cache_entry_is_compiled_afresh()
    {
        using var folder = TestPluginFolder.Create(TestPluginFolder.MinimalComponent(), hostApis: "", grantedApis: "");
        var options = new PluginHostOptions { CacheDirectory = Path.Combine(folder.Root, "compiled") };
        using (var first = new PluginHostScope(options))
        {
            Loaded(first.Host, folder);
        }

        File.WriteAllText(Assert.Single(Directory.GetFiles(options.CacheDirectory)), "not a compiled component");

        using var second = new PluginHostScope(options);
        var instance = Started(second.Host, Loaded(second.Host, folder));
        Assert.Equal(1, second.Host.Cache.Compilations);
        Assert.Equal("fine", Ok(RunOk(second.Host, instance, "fine")));
    }

    [Fact]
    public void A_cache_directory_others_can_write_to_is_not_trusted()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        using var folder = TestPluginFolder.Create(TestPluginFolder.MinimalComponent(), hostApis: "", grantedApis: "");
        var options = new PluginHostOptions { CacheDirectory = Path.Combine(folder.Root, "compiled") };
        using (var first = new PluginHostScope(options))
        {
            Loaded(first.Host, folder);
        }

        var stored = Assert.Single(Directory.GetFiles(options.CacheDirectory));
        File.SetUnixFileMode(options.CacheDirectory, File.GetUnixFileMode(options.CacheDirectory) | UnixFileMode.OtherWrite);
        var planted = File.GetLastWriteTimeUtc(stored);

        using var second = new PluginHostScope(options);
        var instance = Started(second.Host, Loaded(second.Host, folder));

        // Compiled again rather than loading native code from a directory anyone could have written to.
        Assert.Equal(1, second.Host.Cache.Compilations);
        Assert.Equal(planted, File.GetLastWriteTimeUtc(stored));
        Assert.Equal("ok", Ok(RunOk(second.Host, instance, "ok")));
    }

    [Fact]
    public async Task Disposing_the_host_stops_every_instance_and_leaves_no_socket_open()
    {
        await using var peer = await KestrelPeer.StartAsync();
        using var folder = TestPluginFolder.Create(TestPluginFolder.WebSocketGuest);
        var host = new PluginHost();
        var plugin = Loaded(host, folder);
        var instances = Enumerable.Range(0, 3).Select(_ => Started(host, plugin)).ToList();
        foreach (var instance in instances)
        {
            Ok(instance.Connect(peer.Url("/echo")));
            Ok(instance.Connect(peer.Url("/echo")));
        }

        Assert.True(await WaitFor.TrueAsync(() => peer.Active == 6));
        Assert.Equal(6, host.WebSockets.ConnectionCount);

        await host.DisposeAsync();

        Assert.All(instances, i => Assert.Equal(PluginInstanceState.Stopped, i.State));
        Assert.All(instances, i => Assert.Equal(0, i.WebSockets.OpenSocketCount));
        Assert.Equal(0, host.WebSockets.ConnectionCount);
        Assert.True(await WaitFor.TrueAsync(() => peer.Active == 0), $"server still has {peer.Active} connections");
        Assert.Equal(PluginCallErrorKind.Unavailable, host.Run(instances[0], "x").Error.Kind);
        Assert.Throws<ObjectDisposedException>(() => host.Load(folder.Directory, folder.GrantsPath));
        await host.DisposeAsync();
    }

    [Fact]
    public async Task Disposing_the_host_during_a_spinning_call_interrupts_it_before_releasing_the_engine()
    {
        using var folder = TestPluginFolder.Create(TestPluginFolder.WebSocketGuest);
        var host = new PluginHost(); // the default 60 s call time limit
        var instance = Started(host, Loaded(host, folder));
        var spinning = Task.Run(() => host.Run(instance, "!spin"));
        await Task.Delay(300);
        Assert.False(spinning.IsCompleted);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await host.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20));
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(2));

        var result = await spinning.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(result.IsOk);
        Assert.NotEqual(PluginInstanceState.Running, instance.State);
        Assert.Equal(PluginCallErrorKind.Unavailable, host.Run(instance, "x").Error.Kind);
    }

    [Fact]
    public async Task Stopping_an_instance_ends_its_spinning_call_at_the_next_tick_and_no_other()
    {
        using var folder = TestPluginFolder.Create(TestPluginFolder.WebSocketGuest);
        await using var host = new PluginHost(); // the default 60 s call time limit
        var plugin = Loaded(host, folder);
        var stopped = Started(host, plugin);
        var other = Started(host, plugin);
        var spinning = Task.Run(() => host.Run(stopped, "!spin"));
        var alsoSpinning = Task.Run(() => host.Run(other, "!spin"));
        await Task.Delay(300);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await stopped.StopAsync();
        var result = await spinning.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        Assert.False(result.IsOk);
        Assert.Equal(PluginCallErrorKind.Unavailable, result.Error.Kind);
        Assert.Equal("plugin instance 'test-plugin#1' was stopped during the call", result.Error.Message);
        Assert.Equal(PluginInstanceState.Stopped, stopped.State);

        // The other instance's call goes on: the stop was for one instance only.
        await Task.Delay(200);
        Assert.False(alsoSpinning.IsCompleted);
        Assert.Equal(PluginInstanceState.Running, other.State);
        await other.StopAsync();
        Assert.Equal(PluginCallErrorKind.Unavailable, (await alsoSpinning.WaitAsync(TimeSpan.FromSeconds(5))).Error.Kind);
    }

    /// <summary>A host disposed synchronously at the end of a test that opens no connections.</summary>
    private sealed class PluginHostScope(PluginHostOptions? options = null) : IDisposable
    {
        public PluginHost Host { get; } = new(options);

        public void Dispose() => Host.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SpinningGuests
{
    public const string Name = "spinning guests";
}
