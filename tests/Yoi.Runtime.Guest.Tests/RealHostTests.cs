using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Xunit.Abstractions;
using Yoi.Runtime.Hosting;
using Yoi.Runtime.Manifest;

namespace Yoi.Runtime.Guest.Tests;

/// <summary>
/// One <see cref="PluginHost"/> with both JavaScript plugins loaded (each compiled once, then kept in
/// an on-disk cache next to the test binaries, so later runs skip compilation), and one loopback
/// Kestrel peer.
/// </summary>
public sealed class RealHostFixture : IAsyncLifetime
{
    public LoopbackServer Server { get; private set; } = null!;

    public PluginHost Host { get; private set; } = null!;

    public string GrantsDirectory { get; } = Path.Combine(Path.GetTempPath(), "yoi-real-host-tests", Guid.NewGuid().ToString("N"));

    public ContentDigest EchoDigest { get; private set; } = null!;

    public ContentDigest HostileDigest { get; private set; } = null!;

    public LoadedPlugin Echo { get; private set; } = null!;

    public LoadedPlugin Hostile { get; private set; } = null!;

    public TimeSpan LoadTime { get; private set; }

    public int Compilations { get; private set; }

    /// <summary>Where compiled components are kept for these builds: a second host given it loads them without compiling.</summary>
    public string CacheDirectoryPath { get; private set; } = null!;

    public static string PluginDir(string name) => Path.Combine(GuestPlugins.ExamplesDir, name);

    public async Task InitializeAsync()
    {
        Server = await LoopbackServer.StartAsync();
        EchoDigest = ContentDigest.Of(File.ReadAllBytes(GuestPlugins.WasmPath("echo-plugin")));
        HostileDigest = ContentDigest.Of(File.ReadAllBytes(GuestPlugins.WasmPath("hostile-plugin")));
        CacheDirectoryPath = CacheDirectory();
        Host = new PluginHost(new PluginHostOptions { CacheDirectory = CacheDirectoryPath });
        Directory.CreateDirectory(GrantsDirectory);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        Echo = Load("echo-plugin", EchoGrants());
        Hostile = Load("hostile-plugin", HostileGrants());
        LoadTime = clock.Elapsed;
        Compilations = Host.Cache.Compilations;
    }

    /// <param name="host">The host to load into; the fixture's own by default.</param>
    public LoadedPlugin Load(string name, string grants, PluginHost? host = null)
    {
        var path = Path.Combine(GrantsDirectory, $"{name}-{Guid.NewGuid():N}.toml");
        File.WriteAllText(path, grants);
        var loaded = (host ?? Host).Load(PluginDir(name), path);
        Assert.True(loaded.IsOk, loaded.IsOk ? "" : string.Join("\n", loaded.Error));
        return loaded.Value;
    }

    /// <summary>The echo plugin's grant: its two declared targets, on the server's port.</summary>
    public string EchoGrants(string hostApis = "\"websocket\", \"request\"", int? webSocketPort = null) => $"""
        [[plugin]]
        id = "echo-plugin"
        version = "1.0.0"
        digest = "{EchoDigest}"
        host_api = [{hostApis}]

        [[plugin.websocket]]
        scheme = "ws"
        host = "127.0.0.1"
        port = {webSocketPort ?? Server.Port}
        path_prefixes = ["/echo"]

        {(hostApis.Contains("request", StringComparison.Ordinal) ? RequestGrant() : "")}
        """;

    /// <summary>
    /// The hostile plugin's grant: only its legitimate targets (the 127.0.0.1 echo and GET /hello);
    /// not the <c>::1</c> loopback its manifest also declares.
    /// </summary>
    public string HostileGrants() => $"""
        [[plugin]]
        id = "hostile-plugin"
        version = "1.0.0"
        digest = "{HostileDigest}"
        host_api = ["websocket", "request"]

        [[plugin.websocket]]
        scheme = "ws"
        host = "127.0.0.1"
        port = {Server.Port}
        path_prefixes = ["/echo"]

        {RequestGrant()}
        """;

    private string RequestGrant() => $"""
        [[plugin.request]]
        scheme = "http"
        host = "127.0.0.1"
        port = {Server.Port}
        path_prefixes = ["/hello"]
        methods = ["GET"]
        """;

    /// <summary>
    /// A cache folder for exactly these two builds: a rebuild of either plugin moves to a new folder
    /// and the stale ones (33 MB per compiled component) are deleted.
    /// </summary>
    private string CacheDirectory()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "compiled-components");
        var current = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{EchoDigest}|{HostileDigest}")))[..16];
        if (Directory.Exists(root))
        {
            foreach (var stale in Directory.GetDirectories(root).Where(d => Path.GetFileName(d) != current))
            {
                try
                {
                    Directory.Delete(stale, recursive: true);
                }
                catch (IOException)
                {
                }
            }
        }

        return Path.Combine(root, current);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Server.DisposeAsync();
        try
        {
            Directory.Delete(GrantsDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>
/// The JavaScript plugins (examples/), built by componentize-js, through the real <see cref="PluginHost"/>:
/// manifest and grant binding, the real policy, host-owned WebSockets and the request API against a
/// loopback Kestrel peer.
/// </summary>
public sealed class RealHostTests(RealHostFixture fixture, ITestOutputHelper output) : IClassFixture<RealHostFixture>
{
    private PluginInstance Start(LoadedPlugin plugin)
    {
        var started = fixture.Host.Start(plugin);
        Assert.True(started.IsOk, started.IsOk ? "" : started.Error);
        return started.Value;
    }

    private string RunOk(PluginInstance instance, string input)
    {
        var result = fixture.Host.Run(instance, input);
        Assert.True(result.IsOk, result.IsOk ? "" : result.Error.ToString());
        output.WriteLine(result.Value.ToString());
        Assert.True(result.Value.IsOk, $"run returned {result.Value}");
        return result.Value.OkValue;
    }

    private string EchoConfig => $$"""{"ws":"{{fixture.Server.WebSocketUrl}}","http":"{{fixture.Server.HelloUrl}}"}""";

    private string LoopConfig(int count, int size, bool binary) =>
        $$$"""{"ws":"{{{fixture.Server.WebSocketUrl}}}","loop":{"count":{{{count}}},"size":{{{size}}},"binary":{{{(binary ? "true" : "false")}}}}}""";

    [Fact]
    public async Task The_echo_plugin_exchanges_text_and_binary_and_makes_one_http_request()
    {
        output.WriteLine($"load of both plugins: {fixture.LoadTime.TotalMilliseconds:N0} ms, {fixture.Compilations} compilation(s)");
        await using var instance = Start(fixture.Echo);

        var transcript = RunOk(instance, EchoConfig).Split('\n');

        // Handles are the host's (not guessable, not reused), so only their shape is known.
        var opened = Regex.Match(transcript[0], $@"^ws open {Regex.Escape(fixture.Server.WebSocketUrl)} -> connection (?<handle>[0-9]+)$");
        Assert.True(opened.Success, transcript[0]);
        var handle = opened.Groups["handle"].Value;
        Assert.Equal(
        [
            $"ws open {fixture.Server.WebSocketUrl} -> connection {handle}",
            "ws send text \"hello from js\"",
            "ws recv text \"hello from js\"",
            "ws send binary [00 01 02 fd fe ff]",
            "ws recv binary [00 01 02 fd fe ff]",
            "ws close 1000 \"done\"",
            $"http GET {fixture.Server.HelloUrl} -> 200 \"{LoopbackServer.Hello}\"",
        ], transcript);
        Assert.Equal(0, instance.WebSockets.ConnectionCount);
        Assert.Equal(PluginInstanceState.Running, instance.State);

        // A second run on the same instance works too, with a new handle.
        var second = RunOk(instance, EchoConfig);
        Assert.StartsWith($"ws open {fixture.Server.WebSocketUrl} -> connection ", second);
        Assert.DoesNotContain($"-> connection {handle}\n", second);
        Assert.True(await WaitUntil(() => fixture.Server.ActiveWebSockets == 0), $"server still has {fixture.Server.ActiveWebSockets} WebSockets");
    }

    [Fact]
    public async Task The_echo_plugin_runs_its_echo_loop()
    {
        await using var instance = Start(fixture.Echo);

        Assert.Equal("echo loop: 100 x 1024 bytes binary", RunOk(instance, LoopConfig(100, 1024, binary: true)));
        Assert.Equal("echo loop: 10 x 4096 bytes text", RunOk(instance, LoopConfig(10, 4096, binary: false)));

        // Over the 64 KiB message bound: a typed limit error inside the plugin, not a trap.
        var over = fixture.Host.Run(instance, LoopConfig(1, 70000, binary: true));
        Assert.True(over.IsOk, over.IsOk ? "" : over.Error.ToString());
        Assert.StartsWith("echo loop send 0 failed: limit: ", over.Value.ErrValue);
        Assert.Equal(PluginInstanceState.Running, instance.State);
    }

    [Fact]
    public void A_grant_for_another_port_is_a_typed_denial_inside_the_plugin()
    {
        var plugin = fixture.Load("echo-plugin", fixture.EchoGrants(webSocketPort: fixture.Server.Port == 1 ? 2 : 1));
        using var instance = Start(plugin);

        var result = fixture.Host.Run(instance, EchoConfig);

        Assert.True(result.IsOk, result.IsOk ? "" : result.Error.ToString());
        Assert.True(result.Value.IsErr, result.Value.ToString());
        Assert.StartsWith("websocket open failed: denied: ", result.Value.ErrValue);
        Assert.Equal(PluginInstanceState.Running, instance.State);
    }

    [Fact]
    public void The_echo_plugin_without_a_request_grant_does_not_start_and_the_refusal_names_the_import()
    {
        var compilations = fixture.Host.Cache.Compilations;
        var plugin = fixture.Load("echo-plugin", fixture.EchoGrants(hostApis: "\"websocket\""));
        Assert.Equal(compilations, fixture.Host.Cache.Compilations);

        var started = fixture.Host.Start(plugin);

        Assert.False(started.IsOk);
        Assert.Equal("plugin 'echo-plugin' imports yoi:host/request@1.0.0, but its grant does not include 'request'", started.Error);
    }

    [Fact]
    public async Task The_hostile_plugin_gets_a_typed_error_for_each_forbidden_attempt()
    {
        await using var instance = Start(fixture.Hostile);

        var lines = RunOk(instance, $$"""{"ws":"{{fixture.Server.WebSocketUrl}}"}""").Split('\n');

        Assert.Equal(5, lines.Length);
        Assert.DoesNotContain(lines, l => l.Contains("UNEXPECTED", StringComparison.Ordinal) || l.Contains("not a host-error", StringComparison.Ordinal));
        Assert.StartsWith("undeclared-url: denied: ", lines[0]);
        Assert.StartsWith("undeclared-url: denied: not-declared: ", lines[0]);
        Assert.Contains("not-declared.invalid", lines[0]);
        Assert.StartsWith("ungranted-loopback: denied: ", lines[1]);
        Assert.StartsWith("ungranted-loopback: denied: not-granted: ", lines[1]);
        Assert.Contains("[::1]", lines[1]);
        Assert.StartsWith("credential-header: denied: ", lines[2]);
        Assert.Contains("authorization", lines[2], StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("oversize-message: limit: ", lines[3]);
        Assert.Equal("oversize-message: limit: the message is 65537 bytes; the limit is 65536 bytes", lines[3]);
        Assert.StartsWith("request-wss: denied: ", lines[4]);
        Assert.Contains("wss", lines[4]);

        Assert.Equal(PluginInstanceState.Running, instance.State);
        Assert.Equal(0, instance.WebSockets.ConnectionCount);
        Assert.True(await WaitUntil(() => fixture.Server.ActiveWebSockets == 0), $"server still has {fixture.Server.ActiveWebSockets} WebSockets");
    }

    private static async Task<bool> WaitUntil(Func<bool> condition)
    {
        for (var i = 0; i < 100; i++)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(50);
        }

        return condition();
    }
}
