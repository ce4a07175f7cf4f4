using System.Security.Cryptography;
using System.Text.Json;

namespace Yoi.Cli.Tests;

public class PluginExplainTests
{
    private static readonly byte[] Component = "not really a component; only its digest matters here"u8.ToArray();

    private static string Digest(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    private const string Manifest = """
        id = "echo-bot"
        name = "Echo bot"
        version = "1.0.0"

        [runtime]
        component = "echo.wasm"
        world = "yoi:host/plugin"

        [permissions]
        host_api = ["websocket", "request"]

        [[websocket]]
        scheme = "ws"
        host = "127.0.0.1"
        port = 9000
        path_prefixes = ["/echo"]

        [[request]]
        scheme = "https"
        host = "api.example.com"
        methods = ["GET"]
        """;

    /// <summary>A plugin folder and a grants file granting websocket to 127.0.0.1:9000/echo only.</summary>
    private static (string Plugin, string Grants) WritePlugin(TempDirectory temp, string? digest = null)
    {
        temp.Write("plugin/plugin.toml", Manifest);
        File.WriteAllBytes(Path.Combine(temp.Path, "plugin/echo.wasm"), Component);
        var grants = temp.Write("grants.toml", $"""
            [[plugin]]
            id = "echo-bot"
            version = "1.0.0"
            digest = "{digest ?? Digest(Component)}"
            host_api = ["websocket"]

            [[plugin.websocket]]
            scheme = "ws"
            host = "127.0.0.1"
            port = 9000
            path_prefixes = ["/echo"]
            """);
        return (Path.Combine(temp.Path, "plugin"), grants);
    }

    [Fact]
    public void DeclaredAndGrantedLoopbackIsAllowedWithBothSidesNamed()
    {
        using var temp = new TempDirectory();
        var (plugin, grants) = WritePlugin(temp);

        var run = CliRun.Of("plugin", "explain", plugin, "--grants", grants, "--api", "websocket", "ws://127.0.0.1:9000/echo/room");

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains("declared by", run.Output);
        Assert.Contains("granted by", run.Output);
        Assert.Contains("verdict:  allowed", run.Output);
    }

    [Theory]
    [InlineData("ws://127.0.0.1:9000/echoes", "path")]
    [InlineData("ws://127.0.0.1:9001/echo", "port")]
    [InlineData("ws://user@127.0.0.1:9000/echo", "invalid-url")]
    public void RefusedUrlsSayWhy(string url, string reason)
    {
        using var temp = new TempDirectory();
        var (plugin, grants) = WritePlugin(temp);

        var run = CliRun.Of("plugin", "explain", plugin, "--grants", grants, "--api", "websocket", url, "--json");

        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.False(json.RootElement.GetProperty("allowed").GetBoolean());
        Assert.Equal(reason, json.RootElement.GetProperty("reason").GetString());
    }

    [Fact]
    public void DeclaredButNotGrantedIsDenied()
    {
        using var temp = new TempDirectory();
        var (plugin, grants) = WritePlugin(temp);

        var run = CliRun.Of("plugin", "explain", plugin, "--grants", grants, "--api", "request", "https://api.example.com/v1", "--json");

        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal("grant", json.RootElement.GetProperty("failedSide").GetString());
    }

    [Fact]
    public void GrantForAnotherDigestBindsNothing()
    {
        using var temp = new TempDirectory();
        var (plugin, grants) = WritePlugin(temp, digest: Digest("some other component"u8.ToArray()));

        var run = CliRun.Of("plugin", "explain", plugin, "--grants", grants, "--api", "websocket", "ws://127.0.0.1:9000/echo");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("is not granted", run.Error);
        Assert.Contains(Digest(Component), run.Error);
    }

    [Fact]
    public void ResolveChecksTheAddressesToo()
    {
        using var temp = new TempDirectory();
        var (plugin, grants) = WritePlugin(temp);

        var run = CliRun.Of("plugin", "explain", plugin, "--grants", grants, "--api", "websocket", "ws://127.0.0.1:9000/echo", "--resolve", "--json");

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        using var json = JsonDocument.Parse(run.Output);
        var resolved = json.RootElement.GetProperty("resolved");
        Assert.True(resolved.GetProperty("allowed").GetBoolean());
        Assert.Equal("127.0.0.1", Assert.Single(resolved.GetProperty("addresses").EnumerateArray()).GetString());
    }

    [Fact]
    public void BadManifestIsReportedWithItsLine()
    {
        using var temp = new TempDirectory();
        var (plugin, grants) = WritePlugin(temp);
        temp.Write("plugin/plugin.toml", Manifest.Replace("scheme = \"ws\"", "scheme = \"https\""));

        var run = CliRun.Of("plugin", "explain", plugin, "--grants", grants, "--api", "websocket", "ws://127.0.0.1:9000/echo");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("plugin.toml:13:", run.Error);
    }

    [Theory]
    [InlineData("plugin", "explain", "dir", "ws://x/")]
    [InlineData("plugin", "explain", "dir", "--grants", "g.toml", "--api", "ftp", "ws://x/")]
    public void UsageErrorsExitTwo(params string[] args) => Assert.Equal(2, CliRun.Of(args).ExitCode);
}
