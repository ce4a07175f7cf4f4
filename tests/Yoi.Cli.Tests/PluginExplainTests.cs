using System.Text.Json;

namespace Yoi.Cli.Tests;

public class PluginExplainTests
{
    [Fact]
    public void DeclaredAndGrantedLoopbackIsAllowedWithBothSidesNamed()
    {
        using var temp = new TempDirectory();
        var (plugin, grants) = TestPlugin.Write(temp);

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
        var (plugin, grants) = TestPlugin.Write(temp);

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
        var (plugin, grants) = TestPlugin.Write(temp);

        var run = CliRun.Of("plugin", "explain", plugin, "--grants", grants, "--api", "request", "https://api.example.com/v1", "--json");

        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        Assert.Equal("grant", json.RootElement.GetProperty("failedSide").GetString());
    }

    [Fact]
    public void GrantForAnotherDigestBindsNothing()
    {
        using var temp = new TempDirectory();
        var (plugin, grants) = TestPlugin.Write(temp, digest: TestPlugin.Digest("some other component"u8.ToArray()));

        var run = CliRun.Of("plugin", "explain", plugin, "--grants", grants, "--api", "websocket", "ws://127.0.0.1:9000/echo");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("is not granted", run.Error);
        Assert.Contains(TestPlugin.Digest(TestPlugin.Component), run.Error);
    }

    [Fact]
    public void ResolveChecksTheAddressesToo()
    {
        using var temp = new TempDirectory();
        var (plugin, grants) = TestPlugin.Write(temp);

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
        var (plugin, grants) = TestPlugin.Write(temp);
        temp.Write("plugin/plugin.toml", TestPlugin.Manifest.Replace("scheme = \"ws\"", "scheme = \"https\""));

        var run = CliRun.Of("plugin", "explain", plugin, "--grants", grants, "--api", "websocket", "ws://127.0.0.1:9000/echo");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("plugin.toml:13:", run.Error);
    }

    [Theory]
    [InlineData("plugin", "explain", "dir", "ws://x/")]
    [InlineData("plugin", "explain", "dir", "--grants", "g.toml", "--api", "ftp", "ws://x/")]
    public void UsageErrorsExitTwo(params string[] args) => Assert.Equal(2, CliRun.Of(args).ExitCode);
}
