using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yoi.Runtime.Hosting;
using Yoi.Runtime.Manifest;
using Yoi.Runtime.Services;

namespace Yoi.Runtime.GenericHost.Tests;

/// <summary>Bad settings and bad plugins stop the host from starting, with messages that say where to look.</summary>
public sealed class PluginServicesStartFailureTests
{
    [Fact]
    public async Task BadSettingsFailValidateOnStartNamingEveryBadKey()
    {
        using var folder = ServicePluginFolder.Create("invalid-settings");
        var settings = TestHost.Service("echo")
            .With("Yoi:Services:echo:Directory", null)
            .With("Yoi:Services:echo:CallTimeout", "00:00:00")
            .With("Yoi:Services:echo:Restart:MaxRestarts", "-1")
            .With("Yoi:WebSockets:MaxMessageBytes", "0")
            .With("Yoi:CallTimeout", "-00:00:01");
        using var host = TestHost.Build(folder, settings);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Equal(
            [
                "Yoi:CallTimeout must be positive (got -00:00:01)",
                "Yoi:WebSockets:MaxMessageBytes must be 1 to 1073741824 bytes (got 0)",
                "Yoi:Services:echo:Directory is required: the plugin folder holding plugin.toml",
                "Yoi:Services:echo:CallTimeout must be positive (got 00:00:00)",
                "Yoi:Services:echo:Restart:MaxRestarts must not be negative (got -1)",
            ],
            error.Failures);
        Assert.Empty(host.Services.GetRequiredService<IPluginServices>().All);
    }

    [Fact]
    public async Task ARaisedMessageSizeWithoutABufferToHoldItNamesBothKeys()
    {
        using var folder = ServicePluginFolder.Create("invalid-buffer");
        using var host = TestHost.Build(folder, TestHost.Service("echo").With("Yoi:WebSockets:MaxMessageBytes", "1048576"));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Equal(
            "Yoi:WebSockets:MaxBufferedBytes (262144 bytes) must hold at least one message of MaxMessageBytes (1048576 bytes)",
            Assert.Single(error.Failures));
    }

    [Fact]
    public async Task AnUnknownKeyIsAnErrorNotIgnored()
    {
        using var folder = ServicePluginFolder.Create("invalid-key");
        using var host = TestHost.Build(folder, TestHost.Service("echo").With("Yoi:Services:echo:Grant", "typo.toml"));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Equal(
            "Yoi:Services:echo:Grant is not a setting; Yoi:Services:echo has Directory, Grants, Config, CallTimeout, StartTimeout, StopGrace, MaxPendingCalls, Restart, StopApplicationOnFailure",
            Assert.Single(error.Failures));
    }

    [Fact]
    public async Task ABadValueNamesItsKey()
    {
        using var folder = ServicePluginFolder.Create("invalid-value");
        using var host = TestHost.Build(folder, TestHost.Service("echo").With("Yoi:Services:echo:StopGrace", "soon"));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("'Yoi:Services:echo:StopGrace'", Assert.Single(error.Failures));
    }

    [Fact]
    public async Task ABadGrantsFileFailsTheStartWithItsFileLineAndColumn()
    {
        using var folder = ServicePluginFolder.Create("invalid-grants");
        folder.WriteGrants(folder.GrantsText + "\nexpires = \"never\"\n");
        var logs = new RecordingLoggerProvider();
        using var host = TestHost.Build(folder, TestHost.Service("echo"), logs);

        var error = await Assert.ThrowsAsync<PluginServiceStartException>(() => host.StartAsync());
        var location = $"{folder.GrantsPath}:6:1: error: ";
        Assert.Equal("echo", error.Service);
        Assert.StartsWith($"plugin service 'echo' could not be loaded from '{folder.Directory}' with grants '{folder.GrantsPath}':", error.Message);
        Assert.Contains(location, error.Message);
        Assert.Contains("expires", error.Message);

        var logged = Assert.Single(logs.Entries, entry => entry.EventId == 7002);
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.StartsWith($"Plugin service echo: {location}", logged.Message);
        Assert.Empty(host.Services.GetRequiredService<IPluginServices>().All);
    }

    [Fact]
    public async Task AGrantForAnotherDigestGrantsNothing()
    {
        using var folder = ServicePluginFolder.Create("invalid-digest");
        folder.WriteGrants(folder.GrantsText.Replace(folder.Digest.ToString(), ContentDigest.Of("another build"u8).ToString(), StringComparison.Ordinal));
        using var host = TestHost.Build(folder, TestHost.Service("echo"));

        var error = await Assert.ThrowsAsync<PluginServiceStartException>(() => host.StartAsync());
        Assert.Contains($"plugin 'invalid-digest' 1.0.0 with component {folder.Digest} is not granted", error.Message);
        Assert.Contains($"(at {folder.GrantsPath}:1:1)", error.Message);
    }

    [Fact]
    public async Task AStartThatReturnsErrFailsTheHostStartAndStopsTheServicesStartedBeforeIt()
    {
        using var folder = ServicePluginFolder.Create("invalid-start");
        var settings = TestHost.Service("first");
        foreach (var (key, value) in TestHost.Service("second", config: "!refused"))
        {
            settings[key] = value;
        }

        using var host = TestHost.Build(folder, settings);
        var pluginHost = host.Services.GetRequiredService<PluginHost>();

        var error = await Assert.ThrowsAsync<PluginServiceStartException>(() => host.StartAsync());
        Assert.Equal("second", error.Service);
        Assert.Equal("plugin service 'second' (invalid-start) did not start: start returned err: !refused", error.Message);

        var first = Assert.Single(host.Services.GetRequiredService<IPluginServices>().All);
        Assert.Equal("first", first.Key);
        Assert.Equal(ServiceState.Stopped, (await first.Value.Completion).State);
        Assert.Empty(pluginHost.Services);
    }

    [Fact]
    public async Task AOneShotPluginIsNotAService()
    {
        using var folder = ServicePluginFolder.Create("invalid-world");
        var manifest = Path.Combine(folder.Directory, "plugin.toml");
        File.WriteAllText(manifest, File.ReadAllText(manifest).Replace("yoi:host/service", "yoi:host/plugin", StringComparison.Ordinal));
        using var host = TestHost.Build(folder, TestHost.Service("echo"));

        var error = await Assert.ThrowsAsync<PluginServiceStartException>(() => host.StartAsync());
        Assert.Contains("targets yoi:host/plugin, not yoi:host/service", error.Message);
    }
}
