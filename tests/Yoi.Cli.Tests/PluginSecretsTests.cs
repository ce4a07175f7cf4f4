using System.Text.Json;

namespace Yoi.Cli.Tests;

/// <summary><c>yoi plugin show</c> and <c>explain --secret</c> with secrets: names, uses, sources, never values.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // secret files are owner-only by Unix mode
public class PluginSecretsTests
{
    private const string Value = "cli-tok-91e2c7";

    private static readonly string Secrets = """

        [[secret]]
        name = "bot-token"
        purpose = "Logs the bot in"

        [[secret.use]]
        api = "websocket"
        message = true

        [[secret]]
        name = "spare-key"
        purpose = "Not granted in these tests"

        [[secret.use]]
        api = "websocket"
        header = "X-Api-Key"
        """;

    private static (string Plugin, string Grants) Write(TempDirectory temp, string source)
    {
        var (plugin, grants) = TestPlugin.Write(temp, extraGrants: $"""

            [[plugin.secret]]
            name = "bot-token"
            {source}

            [[plugin.secret.websocket]]
            scheme = "ws"
            host = "127.0.0.1"
            port = 9000
            path_prefixes = ["/echo/gateway"]
            """);
        File.AppendAllText(Path.Combine(plugin, "plugin.toml"), Secrets);
        return (plugin, grants);
    }

    private static string TokenFile(TempDirectory temp, UnixFileMode mode)
    {
        var path = temp.Write("token", Value + "\n");
        File.SetUnixFileMode(path, mode);
        return path;
    }

    [Fact]
    public void Show_lists_each_secret_with_its_state_uses_source_and_targets_but_not_its_value()
    {
        using var temp = new TempDirectory();
        var (plugin, grants) = Write(temp, $"file = \"{TokenFile(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite)}\"");

        var run = CliRun.Of("plugin", "show", plugin, "--grants", grants);

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains("  granted    bot-token \"Logs the bot in\"", run.Output);
        Assert.Contains("             use: websocket text messages", run.Output);
        Assert.Contains("             may go to [[websocket]] ws://127.0.0.1:9000 paths [/echo/gateway]", run.Output);
        Assert.Contains("  missing    spare-key \"Not granted in these tests\"", run.Output);
        Assert.DoesNotContain(Value, run.Output + run.Error);
    }

    [Fact]
    public void Show_fails_on_a_secret_file_others_can_read_and_says_where()
    {
        using var temp = new TempDirectory();
        var file = TokenFile(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var (plugin, grants) = Write(temp, $"file = \"{file}\"");

        var run = CliRun.Of("plugin", "show", plugin, "--grants", grants, "--json");

        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var secret = json.RootElement.GetProperty("secrets")[0];
        Assert.Equal("invalid", secret.GetProperty("status").GetString());
        Assert.Equal(
            $"{grants}:15:8: error: secret 'bot-token': the secret file {file} can be read by users other than its owner (mode 0604); make it owner-only: chmod 600 {file}",
            secret.GetProperty("problems")[0].GetString());
        Assert.DoesNotContain(Value, run.Output + run.Error);
    }

    [Theory]
    [InlineData("ws://127.0.0.1:9000/echo/gateway", 0, "secret:   bot-token in websocket text messages -> attached: would be inserted where the plugin names it")]
    [InlineData("ws://127.0.0.1:9000/echo/other", 1, "secret:   bot-token in websocket text messages -> not attached: secret: 'bot-token' is not granted for ws://127.0.0.1:9000/echo/other")]
    public void Explain_says_whether_a_secret_would_be_attached_without_reading_it(string url, int exitCode, string line)
    {
        using var temp = new TempDirectory();
        // An environment variable that is not set: explain must not need the value.
        var (plugin, grants) = Write(temp, "env = \"YOI_TEST_UNSET_SECRET_VARIABLE\"");

        var run = CliRun.Of("plugin", "explain", plugin, "--grants", grants, "--api", "websocket", url, "--secret", "bot-token");

        Assert.True(run.ExitCode == exitCode, run.Output + run.Error);
        Assert.Contains(line, run.Output.Split('\n').Select(l => l.TrimEnd()));
    }

    [Fact]
    public void Explain_names_a_secret_the_manifest_does_not_declare_for_that_api()
    {
        using var temp = new TempDirectory();
        var (plugin, grants) = Write(temp, "env = \"YOI_TEST_UNSET_SECRET_VARIABLE\"");

        var run = CliRun.Of("plugin", "explain", plugin, "--grants", grants, "--api", "request", "https://api.example.com/v1", "--secret", "bot-token", "--json");

        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var secret = json.RootElement.GetProperty("secrets")[0];
        Assert.False(secret.GetProperty("attached").GetBoolean());
        Assert.Equal("secret: 'bot-token' is not declared for the request API", secret.GetProperty("detail").GetString());
    }
}
