using System.Security.Cryptography;
using Yoi.Runtime.Tests.WebSockets;

namespace Yoi.Cli.Tests;

/// <summary>
/// <c>yoi plugin run</c> over the hand-written websocket guest (component WAT) against a real echo
/// server on 127.0.0.1. Compiled components stay in memory (<c>--no-cache</c>) so tests leave nothing behind.
/// </summary>
public sealed class PluginRunTests : IAsyncLifetime
{
    private KestrelPeer _peer = null!;

    public async Task InitializeAsync() => _peer = await KestrelPeer.StartAsync();

    public async Task DisposeAsync() => await _peer.DisposeAsync();

    private static string WebSocketGrant(string scheme) => $"""
        host_api = ["websocket"]
        [[plugin.websocket]]
        scheme = "{scheme}"
        host = "127.0.0.1"
        port = "any"
        path_prefixes = ["/echo"]
        """;

    /// <summary>A plugin folder with the guest and a grant for websocket (<paramref name="scheme"/>) to 127.0.0.1 (any port) under /echo.</summary>
    internal static (string Plugin, string Grants) WritePlugin(TempDirectory temp, bool grantWebSocket = true, string scheme = "ws")
    {
        var guest = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Guests", "websocket-guest.wat"));
        File.WriteAllBytes(Path.Combine(Directory.CreateDirectory(Path.Combine(temp.Path, "plugin")).FullName, "guest.wat"), guest);
        temp.Write("plugin/plugin.toml", $"""
            id = "ws-guest"
            name = "WebSocket guest"
            version = "0.1.0"
            [runtime]
            component = "guest.wat"
            world = "yoi:host/plugin"
            [permissions]
            host_api = ["websocket"]
            [[websocket]]
            scheme = "{scheme}"
            host = "127.0.0.1"
            port = "any"
            path_prefixes = ["/echo"]
            """);
        var digest = Convert.ToHexStringLower(SHA256.HashData(guest));
        var grants = temp.Write("grants.toml", $"""
            [[plugin]]
            id = "ws-guest"
            version = "0.1.0"
            digest = "sha256:{digest}"
            {(grantWebSocket ? WebSocketGrant(scheme) : "host_api = []")}
            """);
        return (Path.Combine(temp.Path, "plugin"), grants);
    }

    [Fact]
    public void RunPrintsWhatThePluginReturned()
    {
        using var temp = new TempDirectory();
        var (plugin, grants) = WritePlugin(temp);

        var run = CliRun.Of("plugin", "run", plugin, "--grants", grants, "--arg", _peer.Url("/echo"), "--no-cache", "--verbose");

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.StartsWith("hello from guest|", run.Output);
        Assert.Contains("websocket open allowed", run.Error);
    }

    [Fact]
    public void PluginErrIsReportedAndExitsOne()
    {
        using var temp = new TempDirectory();
        var (plugin, grants) = WritePlugin(temp);

        var run = CliRun.Of("plugin", "run", plugin, "--grants", grants, "--arg", _peer.Url("/admin"), "--no-cache");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("the plugin returned an error: open: denied", run.Error);
        Assert.Equal(0, _peer.Accepted);
    }

    [Fact]
    public void TrapIsAValueNotACrash()
    {
        using var temp = new TempDirectory();
        var (plugin, grants) = WritePlugin(temp);

        var run = CliRun.Of("plugin", "run", plugin, "--grants", grants, "--call", "boom", "--no-cache");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("trapped", run.Error);
    }

    [Fact]
    public void ImportOutsideTheGrantIsRefusedByName()
    {
        using var temp = new TempDirectory();
        var (plugin, grants) = WritePlugin(temp, grantWebSocket: false);

        var run = CliRun.Of("plugin", "run", plugin, "--grants", grants, "--arg", _peer.Url("/echo"), "--no-cache");

        Assert.Equal(1, run.ExitCode);
        Assert.True(run.Error.Contains("imports yoi:host/websocket@1.0.0, but its grant does not include 'websocket'", StringComparison.Ordinal), run.Error);
        Assert.Equal(0, _peer.Accepted);
    }

    [Fact]
    public void GrantsFileIsRequired() => Assert.Equal(2, CliRun.Of("plugin", "run", "somewhere").ExitCode);
}
