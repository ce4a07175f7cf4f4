using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Yoi.Runtime.Tests.WebSockets;

namespace Yoi.Cli.Tests;

/// <summary>
/// <c>yoi plugin serve</c> over the hand-written service component <c>tests/Guests/cli-service.wat</c>
/// (its configuration text chooses what start and handle do), against a real WebSocket peer on
/// 127.0.0.1. Commands run in-process; a stop is the test's token (what Ctrl-C is to the process).
/// Compiled components stay in memory (<c>--no-cache</c>).
/// </summary>
public sealed class PluginServeTests : IAsyncLifetime
{
    private KestrelPeer _peer = null!;

    public async Task InitializeAsync() => _peer = await KestrelPeer.StartAsync();

    public async Task DisposeAsync() => await _peer.DisposeAsync();

    /// <summary>A service folder with the guest, and a grant for websocket to 127.0.0.1 (any port) under /echo and /push.</summary>
    private static (string Plugin, string Grants) WriteService(TempDirectory temp)
    {
        var guest = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Guests", "cli-service.wat"));
        File.WriteAllBytes(Path.Combine(Directory.CreateDirectory(Path.Combine(temp.Path, "service")).FullName, "service.wat"), guest);
        const string target = """
            scheme = "ws"
            host = "127.0.0.1"
            port = "any"
            path_prefixes = ["/echo", "/push"]
            """;
        temp.Write("service/plugin.toml", $"""
            id = "cli-service"
            name = "CLI service"
            version = "0.1.0"
            [runtime]
            component = "service.wat"
            world = "yoi:host/service"
            [permissions]
            host_api = ["websocket"]
            [[websocket]]
            {target}
            """);
        var grants = temp.Write("grants.toml", $"""
            [[plugin]]
            id = "cli-service"
            version = "0.1.0"
            digest = "sha256:{Convert.ToHexStringLower(SHA256.HashData(guest))}"
            host_api = ["websocket"]
            [[plugin.websocket]]
            {target}
            """);
        return (Path.Combine(temp.Path, "service"), grants);
    }

    private static string[] Serve(string plugin, string grants, params string[] more) =>
        ["plugin", "serve", plugin, "--grants", grants, "--no-cache", .. more];

    /// <summary>
    /// For runs whose guest closes its connection in handle(stopping): the close waits for the peer's
    /// close reply inside the call, and a loaded machine must not turn that into the 1 s default bound
    /// (the bound itself is <see cref="CallTimeoutBoundsTheStopSequence"/>'s subject).
    /// </summary>
    private static readonly string[] RoomToClose = ["--call-timeout", "10s"];

    /// <summary>The printed lines after their time offsets, in order.</summary>
    private static List<string> Events(string output) =>
        output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => Regex.Match(line, @"^\+\d+\.\d{3}s  (.*)$"))
            .Where(match => match.Success)
            .Select(match => match.Groups[1].Value.TrimEnd('\r'))
            .ToList();

    [Fact]
    public void ForStopsTheServiceCleanlyAndPrintsEachStateChange()
    {
        using var temp = new TempDirectory();
        var (plugin, grants) = WriteService(temp);

        var run = CliRun.Of(Serve(plugin, grants, ["--config", _peer.Url("/echo"), "--for", "300ms", .. RoomToClose]));

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.StartsWith("serving cli-service 0.1.0 (yoi:host/service) for 300ms", run.Output);
        Assert.Equal(["starting -> running", "running -> stopping", "stopping -> stopped"], Events(run.Output));
        Assert.Contains("stopped after ", run.Output);
        Assert.Contains("(--for 300ms elapsed); restarts: 0; open sockets: 0", run.Output);
        Assert.Equal(1, _peer.Accepted);
        Assert.Equal("", run.Error);
    }

    [Fact]
    public async Task CancellationStopsTheServiceCleanly()
    {
        using var temp = new TempDirectory();
        var (plugin, grants) = WriteService(temp);
        using var run = BackgroundCliRun.Start(Serve(plugin, grants, ["--config", _peer.Url("/echo"), .. RoomToClose]));

        await run.WaitForOutput("starting -> running");
        var exitCode = await run.StopAsync();

        Assert.True(exitCode == 0, run.Output.ToString() + run.Error);
        Assert.Contains("until Ctrl-C or SIGTERM", run.Output.ToString());
        Assert.Equal(["starting -> running", "running -> stopping", "stopping -> stopped"], Events(run.Output.ToString()));
        Assert.Contains("(stop requested); restarts: 0; open sockets: 0", run.Output.ToString());
        Assert.Equal(1, _peer.Accepted);
    }

    [Fact]
    public void StartErrExitsOneWithTheGuestsTextEscaped()
    {
        using var temp = new TempDirectory();
        var (plugin, grants) = WriteService(temp);

        var run = CliRun.Of(Serve(plugin, grants, "--config", "err:no token\u001b]0;owned\u0007"));

        Assert.Equal(1, run.ExitCode);
        Assert.Equal([@"starting -> failed: start returned err: no token\u{1B}]0;owned\u{7}"], Events(run.Output));
        Assert.Contains(@"failed to start after ", run.Output);
        Assert.Contains(@"the service failed to start: start returned err: no token\u{1B}]0;owned\u{7}", run.Error);
        Assert.DoesNotContain('\u001b', run.Output + run.Error);
    }

    [Fact]
    public void HandleErrAfterAPeerMessageFailsTheService()
    {
        using var temp = new TempDirectory();
        var (plugin, grants) = WriteService(temp);

        var run = CliRun.Of(Serve(plugin, grants, "--config", _peer.Url("/push?n=1&size=8")));

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(["starting -> running", "running -> failed: handle returned err: peer said: 000000xx"], Events(run.Output));
        Assert.Contains("failed after ", run.Output);
        Assert.Contains(": handle returned err: peer said: 000000xx; restarts: 0; open sockets: 0", run.Output);
        Assert.Contains("the service failed: handle returned err: peer said: 000000xx", run.Error);
    }

    [Fact]
    public void RestartStartsANewInstanceUntilNoneIsLeft()
    {
        using var temp = new TempDirectory();
        var (plugin, grants) = WriteService(temp);

        var run = CliRun.Of(Serve(plugin, grants, "--config", _peer.Url("/push?n=1&size=8"), "--restart", "1", "--backoff", "10ms"));

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            [
                "starting -> running",
                "running -> restarting: handle returned err: peer said: 000000xx",
                "restarting -> starting",
                "starting -> running",
                "running -> failed: handle returned err: peer said: 000000xx",
            ],
            Events(run.Output));
        Assert.Contains("restarts: 1; open sockets: 0", run.Output);
        Assert.Equal(2, _peer.Accepted);
    }

    [Fact]
    public void VerbosePrintsEachEventHandledAndThePolicyDecisions()
    {
        using var temp = new TempDirectory();
        var (plugin, grants) = WriteService(temp);

        var run = CliRun.Of(Serve(plugin, grants, "--config", _peer.Url("/push?n=1&size=8"), "--verbose"));

        Assert.Equal(1, run.ExitCode);
        var events = Events(run.Output);
        Assert.Equal(3, events.Count);
        Assert.Matches(@"^handled readable in \d+(\.\d+)? ms$", events[1]);
        Assert.Equal("running -> failed: handle returned err: peer said: 000000xx", events[2]);
        Assert.Contains("websocket open allowed", run.Error);

        // The command prints the changes itself: the driver's log lines would repeat them.
        Assert.DoesNotContain("Service cli-service", run.Error);
    }

    [Fact]
    public void VerbosePrintsTheStoppingEvent()
    {
        using var temp = new TempDirectory();
        var (plugin, grants) = WriteService(temp);

        var run = CliRun.Of(Serve(plugin, grants, ["--config", _peer.Url("/echo"), "--for", "100ms", "-v", .. RoomToClose]));

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        var events = Events(run.Output);
        Assert.Equal(["starting -> running", "running -> stopping"], events[..2]);
        Assert.Matches(@"^handled stopping in \d+(\.\d+)? ms$", events[2]);
        Assert.Equal("stopping -> stopped", events[^1]);
    }

    [Fact]
    public async Task StatusEveryPrintsHealthAndDetail()
    {
        using var temp = new TempDirectory();
        var (plugin, grants) = WriteService(temp);
        using var run = BackgroundCliRun.Start(Serve(plugin, grants, "--config", "fine\u202e", "--status-every", "20ms"));

        await run.WaitForOutput(@"status: healthy: config=fine\u{202E}");
        var exitCode = await run.StopAsync();

        Assert.True(exitCode == 0, run.Output.ToString() + run.Error);
        Assert.DoesNotContain('\u202e', run.Output.ToString());
    }

    [Fact]
    public void CallTimeoutBoundsTheStopSequence()
    {
        using var temp = new TempDirectory();
        var (plugin, grants) = WriteService(temp);

        // "hang": handle(stopping) never returns, so the call bound ends it and the stop is not clean.
        var run = CliRun.Of(Serve(plugin, grants, "--config", "hang", "--for", "50ms", "--call-timeout", "200ms"));

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            ["starting -> running", "running -> stopping", "stopping -> stopped: handle timed out: the call ran longer than 0.2 s"],
            Events(run.Output));
        Assert.Contains("but not cleanly: handle timed out", run.Output);
        Assert.Contains("the service failed while stopping: handle timed out: the call ran longer than 0.2 s", run.Error);
    }

    [Fact]
    public void APluginWorldComponentIsSentToPluginRun()
    {
        using var temp = new TempDirectory();
        var (plugin, grants) = PluginRunTests.WritePlugin(temp);

        var run = CliRun.Of(Serve(plugin, grants, "--for", "1s"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("plugin.toml: error: plugin 'ws-guest' is a one-shot plugin (yoi:host/plugin), not a service (yoi:host/service): run it with 'yoi plugin run'", run.Error);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public void AComponentTheGrantDoesNotBindExitsOne()
    {
        using var temp = new TempDirectory();
        var (plugin, grants) = WriteService(temp);
        File.AppendAllText(Path.Combine(plugin, "service.wat"), "\n"); // another build: the grant no longer binds

        var run = CliRun.Of(Serve(plugin, grants, "--for", "1s"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("grants.toml", run.Error);
        Assert.Equal("", run.Output);
    }

    [Theory]
    [InlineData("500ms", "500ms")]
    [InlineData("1.5s", "1.5s")]
    [InlineData("2000ms", "2s")]
    [InlineData("30s", "30s")]
    [InlineData("5m", "5m")]
    [InlineData("1h", "1h")]
    public void DurationsTakeANumberAndAUnit(string given, string shown)
    {
        using var temp = new TempDirectory();
        var (plugin, grants) = WriteService(temp);

        // A start that fails ends the run at once, whatever --for says.
        var run = CliRun.Of(Serve(plugin, grants, "--config", "err:stop here", "--for", given));

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"serving cli-service 0.1.0 (yoi:host/service) for {shown}{Environment.NewLine}", run.Output);
    }

    [Theory]
    [InlineData("--for", "5x")]
    [InlineData("--for", "30")]
    [InlineData("--for", "0s")]
    [InlineData("--for", "1000h")]
    [InlineData("--status-every", "1.5.0s")]
    [InlineData("--call-timeout", "fast")]
    [InlineData("--stop-grace", "ms")]
    public void ABadDurationIsAUsageErrorNamingTheValue(string option, string value)
    {
        var run = CliRun.Of("plugin", "serve", "somewhere", "--grants", "grants.toml", option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{option}: '{value}'", run.Error);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public void BackoffWithoutRestartIsAUsageError()
    {
        var run = CliRun.Of("plugin", "serve", "somewhere", "--grants", "grants.toml", "--backoff", "1s");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--backoff applies only with --restart N", run.Error);
    }

    [Fact]
    public void HelpDocumentsTheExitCodes()
    {
        var run = CliRun.Of("plugin", "serve", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Exit codes: 0 the service was stopped cleanly", run.Output);
        Assert.Contains("--status-every <DURATION>", run.Output);
    }
}
