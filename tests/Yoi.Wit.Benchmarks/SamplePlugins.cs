using System.Diagnostics;
using System.Reflection;
using Yoi.Runtime.Hosting;
using Yoi.Runtime.Manifest;
using Yoi.Runtime.Services;

namespace Yoi.Wit.Benchmarks;

/// <summary>
/// Plugin folders for the plugin-host measurements: the JavaScript sample (examples/echo-plugin,
/// built by examples/build.sh when missing or stale) and the hand-written WebSocket guest
/// (tests/Guests/websocket-guest.wat) in a temporary folder, each with a grants file bound to the
/// component's digest as it is now (a rebuild changes it).
/// </summary>
internal static class SamplePlugins
{
    public static string ExamplesDir =>
        typeof(SamplePlugins).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ExamplesDir").Value!;

    public static string EchoPluginDir => Path.Combine(ExamplesDir, "echo-plugin");

    /// <summary>A folder under the temp directory, deleted by the caller.</summary>
    public static string TempDir(string what)
    {
        var path = Path.Combine(Path.GetTempPath(), $"yoi-bench-{what}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Builds the echo plugin if needed and writes a grant for its two loopback targets (any port).</summary>
    public static string EchoGrants(string directory)
    {
        Build("echo-plugin");
        var digest = ContentDigest.Of(File.ReadAllBytes(Path.Combine(EchoPluginDir, "plugin.wasm")));
        var path = Path.Combine(directory, "echo-grants.toml");
        File.WriteAllText(path, $"""
            [[plugin]]
            id = "echo-plugin"
            version = "1.0.0"
            digest = "{digest}"
            host_api = ["websocket", "request"]

            [[plugin.websocket]]
            scheme = "ws"
            host = "127.0.0.1"
            port = "any"
            path_prefixes = ["/echo"]

            [[plugin.request]]
            scheme = "http"
            host = "127.0.0.1"
            port = "any"
            path_prefixes = ["/hello"]
            methods = ["GET"]
            """);
        return path;
    }

    /// <summary>The WAT WebSocket guest as a plugin folder granted ws://127.0.0.1:any/echo; returns (folder, grants).</summary>
    public static (string Plugin, string Grants) WebSocketGuest(string directory)
    {
        var plugin = Path.Combine(directory, "ws-guest");
        Directory.CreateDirectory(plugin);
        string wat;
        using (var stream = typeof(SamplePlugins).Assembly.GetManifestResourceStream("websocket-guest.wat")!)
        using (var reader = new StreamReader(stream))
        {
            wat = reader.ReadToEnd();
        }

        File.WriteAllText(Path.Combine(plugin, "guest.wat"), wat);
        File.WriteAllText(Path.Combine(plugin, "plugin.toml"), """
            id = "ws-guest"
            name = "WebSocket guest"
            version = "1.0.0"

            [runtime]
            component = "guest.wat"
            world = "yoi:host/plugin"

            [permissions]
            host_api = ["websocket"]

            [[websocket]]
            scheme = "ws"
            host = "127.0.0.1"
            port = "any"
            path_prefixes = ["/echo"]
            """);
        var grants = Path.Combine(directory, "ws-guest-grants.toml");
        File.WriteAllText(grants, $"""
            [[plugin]]
            id = "ws-guest"
            version = "1.0.0"
            digest = "{ContentDigest.Of(File.ReadAllBytes(Path.Combine(plugin, "guest.wat")))}"
            host_api = ["websocket"]

            [[plugin.websocket]]
            scheme = "ws"
            host = "127.0.0.1"
            port = "any"
            path_prefixes = ["/echo"]
            """);
        return (plugin, grants);
    }

    /// <summary>
    /// The WAT service guest (tests/Guests/service-guest.wat) as a <c>yoi:host/service</c> folder granted
    /// ws://127.0.0.1:any<paramref name="path"/>; returns (folder, grants).
    /// </summary>
    public static (string Plugin, string Grants) ServiceGuest(string directory, string path)
    {
        var plugin = Path.Combine(directory, "service-guest");
        Directory.CreateDirectory(plugin);
        using (var stream = typeof(SamplePlugins).Assembly.GetManifestResourceStream("service-guest.wat")!)
        using (var file = File.Create(Path.Combine(plugin, "guest.wat")))
        {
            stream.CopyTo(file);
        }

        File.WriteAllText(Path.Combine(plugin, "plugin.toml"), $$"""
            id = "service-guest"
            name = "Service guest"
            version = "1.0.0"

            [runtime]
            component = "guest.wat"
            world = "yoi:host/service"

            [permissions]
            host_api = ["websocket"]

            [[websocket]]
            scheme = "ws"
            host = "127.0.0.1"
            port = "any"
            path_prefixes = ["{{path}}"]
            """);
        var grants = Path.Combine(directory, "service-guest-grants.toml");
        File.WriteAllText(grants, $$"""
            [[plugin]]
            id = "service-guest"
            version = "1.0.0"
            digest = "{{ContentDigest.Of(File.ReadAllBytes(Path.Combine(plugin, "guest.wat")))}}"
            host_api = ["websocket"]

            [[plugin.websocket]]
            scheme = "ws"
            host = "127.0.0.1"
            port = "any"
            path_prefixes = ["{{path}}"]
            """);
        return (plugin, grants);
    }

    public static async Task<PluginService> StartServiceAsync(PluginHost host, LoadedPlugin plugin, string config, ServiceOptions? options = null)
    {
        var started = await host.StartServiceAsync(plugin, config, options);
        return started.IsOk ? started.Value : throw new InvalidOperationException(started.Error.ToString());
    }

    /// <summary>The service's <c>invoke</c>; throws unless it answered ok.</summary>
    public static async Task<string> InvokeAsync(PluginService service, string request)
    {
        var result = await service.InvokeAsync(request);
        if (!result.IsOk)
        {
            throw new InvalidOperationException($"invoke '{request}': {result.Error}");
        }

        return result.Value.IsOk ? result.Value.OkValue : throw new InvalidOperationException($"invoke '{request}' returned err: {result.Value.ErrValue}");
    }

    public static string GatewayBotDir => Path.Combine(ExamplesDir, "gateway-bot");

    /// <summary>Builds the gateway bot if needed and grants it <paramref name="gateway"/>'s paths, with its token as an owner-only secret file.</summary>
    public static string GatewayBotGrants(string directory, Yoi.Mocks.Discord.MockGateway gateway)
    {
        Build("gateway-bot");
        var tokenFile = Path.Combine(directory, "discord-token");
        File.WriteAllText(tokenFile, gateway.Options.Token + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(tokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var digest = ContentDigest.Of(File.ReadAllBytes(Path.Combine(GatewayBotDir, "plugin.wasm")));
        var path = Path.Combine(directory, "gateway-bot-grants.toml");
        File.WriteAllText(path, gateway.BotGrants("gateway-bot", "1.0.0", digest.ToString(), tokenFile));
        return path;
    }

    public static LoadedPlugin Load(PluginHost host, string plugin, string grants)
    {
        var loaded = host.Load(plugin, grants);
        return loaded.IsOk ? loaded.Value : throw new InvalidOperationException(string.Join("\n", loaded.Error));
    }

    public static PluginInstance Start(PluginHost host, LoadedPlugin plugin)
    {
        var started = host.Start(plugin);
        return started.IsOk ? started.Value : throw new InvalidOperationException(started.Error);
    }

    /// <summary>Runs the plugin's <c>run</c>; throws unless it returned ok.</summary>
    public static string Run(PluginHost host, PluginInstance instance, string input)
    {
        var result = host.Run(instance, input);
        if (!result.IsOk)
        {
            throw new InvalidOperationException(result.Error.ToString());
        }

        return result.Value.IsOk ? result.Value.OkValue : throw new InvalidOperationException("run returned err: " + result.Value.ErrValue);
    }

    private static void Build(string plugin)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(ExamplesDir, "build.sh"), plugin]) { UseShellExecute = false };
        using var process = Process.Start(start)!;
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"examples/build.sh {plugin} failed ({process.ExitCode})");
        }
    }
}
