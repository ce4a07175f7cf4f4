using System.Text.Json;

namespace Yoi.Cli.Tests;

public class PluginShowTests
{
    [Fact]
    public void WithoutGrantsShowsWhatIsRequested()
    {
        using var temp = new TempDirectory();
        var (plugin, _) = TestPlugin.Write(temp);

        var run = CliRun.Of("plugin", "show", plugin);

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains("[websocket] requested: yes", run.Output);
        Assert.Contains("[request] requested: yes", run.Output);
        Assert.Contains("requests only", run.Output);
    }

    [Fact]
    public void ReportsCoveredMissingBroadAndGrantOnly()
    {
        using var temp = new TempDirectory();
        // Besides the websocket grant, the user grants a request target the plugin never asked for.
        var (plugin, grants) = TestPlugin.Write(temp, extraGrants: """

            [[plugin.request]]
            scheme = "https"
            host = "*.elsewhere.example"
            methods = ["GET"]
            """);
        File.WriteAllText(grants, File.ReadAllText(grants).Replace("host_api = [\"websocket\"]", "host_api = [\"websocket\", \"request\"]"));

        var run = CliRun.Of("plugin", "show", plugin, "--grants", grants, "--json");

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        using var json = JsonDocument.Parse(run.Output);
        var apis = json.RootElement.GetProperty("apis");
        var websocket = Assert.Single(apis.GetProperty("websocket").GetProperty("declared").EnumerateArray());
        Assert.Equal("covered", websocket.GetProperty("status").GetString());
        var request = apis.GetProperty("request");
        Assert.Equal("missing", Assert.Single(request.GetProperty("declared").EnumerateArray()).GetProperty("status").GetString());
        var grantOnly = Assert.Single(request.GetProperty("grants").EnumerateArray());
        Assert.True(grantOnly.GetProperty("grantOnly").GetBoolean());
        Assert.True(grantOnly.GetProperty("broad").GetBoolean());
        Assert.Equal("partially granted", json.RootElement.GetProperty("status").GetString());
    }

    [Fact]
    public void NarrowerGrantIsPartialCoverage()
    {
        using var temp = new TempDirectory();
        var (plugin, grants) = TestPlugin.Write(temp);
        File.WriteAllText(grants, File.ReadAllText(grants).Replace("path_prefixes = [\"/echo\"]", "path_prefixes = [\"/echo/room\"]"));

        var run = CliRun.Of("plugin", "show", plugin, "--grants", grants);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("-> partially covered", run.Output);
    }

    [Fact]
    public void FullyGrantedWhenEveryRequestIsCovered()
    {
        using var temp = new TempDirectory();
        var (plugin, grants) = TestPlugin.Write(temp, extraGrants: """

            [[plugin.request]]
            scheme = "https"
            host = "api.example.com"
            methods = ["GET", "POST"]
            """);
        File.WriteAllText(grants, File.ReadAllText(grants).Replace("host_api = [\"websocket\"]", "host_api = [\"websocket\", \"request\"]"));

        var run = CliRun.Of("plugin", "show", plugin, "--grants", grants);

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains("status:    fully granted", run.Output);
        Assert.DoesNotContain("missing", run.Output);
    }

    [Fact]
    public void GrantForAnotherBuildIsNotGranted()
    {
        using var temp = new TempDirectory();
        var (plugin, grants) = TestPlugin.Write(temp, digest: TestPlugin.Digest("v2"u8.ToArray()));

        var run = CliRun.Of("plugin", "show", plugin, "--grants", grants);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("status:    not granted", run.Output);
    }

    [Fact]
    public void ManifestErrorsCarryFileAndLine()
    {
        using var temp = new TempDirectory();
        var (plugin, _) = TestPlugin.Write(temp);
        temp.Write("plugin/plugin.toml", TestPlugin.Manifest.Replace("port = 9000", "port = 70000"));

        var run = CliRun.Of("plugin", "show", plugin);

        // Line 15 is `port = 70000`; column 8 is where its value starts.
        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"{Path.Combine(plugin, "plugin.toml")}:15:8: error: the port 70000 is outside 1-65535 in [[websocket]]\n", run.Error.ReplaceLineEndings("\n"));
    }
}
