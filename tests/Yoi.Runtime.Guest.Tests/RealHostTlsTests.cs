using Xunit.Abstractions;
using Yoi.Runtime.Hosting;
using Yoi.Runtime.Net;
using Yoi.Runtime.Tests.Tls;
using Yoi.Wit.Bindings;

namespace Yoi.Runtime.Guest.Tests;

/// <summary>
/// The JavaScript echo plugin over wss and https through a real <see cref="PluginHost"/> whose TLS
/// options the test sets, against Kestrel on 127.0.0.1 serving a certificate made in memory. The
/// compiled component comes from the fixture's on-disk cache.
/// </summary>
public sealed class RealHostTlsTests(RealHostFixture fixture, ITestOutputHelper output) : IClassFixture<RealHostFixture>
{
    /// <summary>The echo plugin's grant for wss /echo and GET https /hello on <paramref name="port"/>.</summary>
    private string TlsGrants(int port) => $"""
        [[plugin]]
        id = "echo-plugin"
        version = "1.0.0"
        digest = "{fixture.EchoDigest}"
        host_api = ["websocket", "request"]

        [[plugin.websocket]]
        scheme = "wss"
        host = "127.0.0.1"
        port = {port}
        path_prefixes = ["/echo"]

        [[plugin.request]]
        scheme = "https"
        host = "127.0.0.1"
        port = {port}
        path_prefixes = ["/hello"]
        methods = ["GET"]
        """;

    /// <summary>Runs the echo plugin once against <paramref name="server"/> in a host with <paramref name="tls"/>.</summary>
    private async Task<WitResult<string, string>> RunAsync(LoopbackServer server, TlsOptions tls)
    {
        await using var host = new PluginHost(new PluginHostOptions { CacheDirectory = fixture.CacheDirectoryPath, Tls = tls });
        var plugin = fixture.Load("echo-plugin", TlsGrants(server.Port), host);
        var started = host.Start(plugin);
        Assert.True(started.IsOk, started.IsOk ? "" : started.Error);
        await using var instance = started.Value;
        var result = host.Run(instance, $$"""{"ws":"{{server.WebSocketUrl}}","http":"{{server.HelloUrl}}"}""");
        Assert.True(result.IsOk, result.IsOk ? "" : result.Error.ToString());
        output.WriteLine(result.Value.ToString());
        Assert.Equal(PluginInstanceState.Running, instance.State);
        return result.Value;
    }

    [Fact]
    public async Task Trusted_through_the_host_option_the_echo_plugin_exchanges_over_wss_and_makes_one_https_request()
    {
        var certificate = TestAuthority.Create().Issue();
        await using var server = await LoopbackServer.StartAsync(listen => certificate.Use(listen));

        var transcript = (await RunAsync(server, certificate.TrustIssuer)).OkValue.Split('\n');

        Assert.StartsWith("wss://", server.WebSocketUrl);
        Assert.Matches($@"^ws open {System.Text.RegularExpressions.Regex.Escape(server.WebSocketUrl)} -> connection [0-9]+$", transcript[0]);
        Assert.Equal(
        [
            "ws send text \"hello from js\"",
            "ws recv text \"hello from js\"",
            "ws send binary [00 01 02 fd fe ff]",
            "ws recv binary [00 01 02 fd fe ff]",
            "ws close 1000 \"done\"",
            $"http GET {server.HelloUrl} -> 200 \"{LoopbackServer.Hello}\"",
        ], transcript[1..]);
    }

    [Fact]
    public async Task Not_trusted_the_echo_plugin_gets_io_naming_the_cause()
    {
        var certificate = TestAuthority.Create().Issue();
        await using var server = await LoopbackServer.StartAsync(listen => certificate.Use(listen));

        var result = await RunAsync(server, TlsOptions.Default);

        Assert.True(result.IsErr, result.ToString());
        Assert.Equal("websocket open failed: io: TLS: the server's certificate chain is not trusted (PartialChain)", result.ErrValue);
    }

    [Fact]
    public async Task Pinned_and_not_matching_the_echo_plugin_gets_denied()
    {
        var certificate = TestAuthority.Create().Issue();
        await using var server = await LoopbackServer.StartAsync(listen => certificate.Use(listen));
        var tls = certificate.TrustIssuer with
        {
            Pins = new Dictionary<string, IReadOnlyList<string>> { ["127.0.0.1"] = [CertificatePin.Of(TestAuthority.Create("Another Root").Certificate)] },
        };

        var result = await RunAsync(server, tls);

        Assert.True(result.IsErr, result.ToString());
        Assert.StartsWith("websocket open failed: denied: pin-mismatch: TLS: no certificate in the chain of '127.0.0.1' matches its pins", result.ErrValue);
    }
}
