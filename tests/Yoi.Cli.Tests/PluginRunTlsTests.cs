using Yoi.Runtime.Tests.Tls;
using Yoi.Runtime.Tests.WebSockets;

namespace Yoi.Cli.Tests;

/// <summary>
/// <c>yoi plugin run --ca-file PEM</c>: the websocket guest over wss against Kestrel on 127.0.0.1 serving a
/// certificate from a root made in memory; the CA file is the only way that root becomes trusted.
/// </summary>
public sealed class PluginRunTlsTests : IAsyncLifetime
{
    private readonly ServerCertificate _certificate = TestAuthority.Create().Issue();
    private KestrelPeer _peer = null!;

    public async Task InitializeAsync() => _peer = await KestrelPeer.StartAsync(_certificate);

    public async Task DisposeAsync() => await _peer.DisposeAsync();

    [Fact]
    public void CaFileTrustsTheServerAndTheRunExchangesOverWss()
    {
        using var temp = new TempDirectory();
        var (plugin, grants) = PluginRunTests.WritePlugin(temp, scheme: "wss");
        var caFile = temp.Write("roots.pem", _certificate.Issuer.Pem());

        var run = CliRun.Of("plugin", "run", plugin, "--grants", grants, "--arg", _peer.Url("/echo"), "--ca-file", caFile, "--no-cache");

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.StartsWith("wss://", _peer.Url("/echo"));
        Assert.StartsWith("hello from guest|", run.Output);
    }

    [Fact]
    public void WithoutCaFileTheServerIsNotTrustedAndThePluginGetsIoNamingTheCause()
    {
        using var temp = new TempDirectory();
        var (plugin, grants) = PluginRunTests.WritePlugin(temp, scheme: "wss");

        var run = CliRun.Of("plugin", "run", plugin, "--grants", grants, "--arg", _peer.Url("/echo"), "--no-cache");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("the plugin returned an error: open: io: TLS: the server's certificate chain is not trusted (PartialChain)", run.Error);
        Assert.Equal(0, _peer.Accepted);
    }

    [Fact]
    public void CaFileWithoutCertificatesIsRefusedBeforeThePluginLoads()
    {
        using var temp = new TempDirectory();
        var (plugin, grants) = PluginRunTests.WritePlugin(temp, scheme: "wss");
        var caFile = temp.Write("roots.pem", "not a certificate\n");

        var run = CliRun.Of("plugin", "run", plugin, "--grants", grants, "--arg", _peer.Url("/echo"), "--ca-file", caFile, "--no-cache");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"{caFile}: error: no '-----BEGIN CERTIFICATE-----' block found", run.Error.Trim());
        Assert.Equal(0, _peer.Accepted);
    }

    [Fact]
    public void MissingCaFileIsRefusedNamingIt()
    {
        using var temp = new TempDirectory();
        var (plugin, grants) = PluginRunTests.WritePlugin(temp, scheme: "wss");
        var missing = Path.Combine(temp.Path, "absent.pem");

        var run = CliRun.Of("plugin", "run", plugin, "--grants", grants, "--ca-file", missing, "--no-cache");

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith($"{missing}: error: cannot read the certificate file: ", run.Error);
    }

    [Fact]
    public void CaFileIsListedInTheHelp()
    {
        var help = CliRun.Of("plugin", "run", "--help");

        Assert.Contains("--ca-file <PEM>", help.Output);
    }
}
