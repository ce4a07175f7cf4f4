using Xunit.Abstractions;

namespace Yoi.Runtime.Guest.Tests;

/// <summary>
/// A secret flows from a grants file to the loopback server through the JavaScript sample plugin,
/// which names it but never holds it: the server receives the value where it was granted, and
/// everything the plugin observed (its transcript, the errors it got) shows only <c>&lt;secret:NAME&gt;</c>.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // the token file's owner-only mode
public sealed class SecretPluginTests(RealHostFixture fixture, ITestOutputHelper output) : IClassFixture<RealHostFixture>
{
    private const string Token = "echo-3b9f61d2a7c4";

    /// <summary>The identify message as the gateway receives it, the token filled in by the host.</summary>
    private const string Identify = "{\"op\":2,\"d\":{\"token\":\"" + Token + "\"}}";

    private string Grants(string tokenFile) => $"""
        [[plugin]]
        id = "echo-plugin"
        version = "1.0.0"
        digest = "{fixture.EchoDigest}"
        host_api = ["websocket", "request"]

        [[plugin.websocket]]
        scheme = "ws"
        host = "127.0.0.1"
        port = {fixture.Server.Port}
        path_prefixes = ["/gateway"]

        [[plugin.request]]
        scheme = "http"
        host = "127.0.0.1"
        port = {fixture.Server.Port}
        path_prefixes = ["/hello"]
        methods = ["GET"]

        [[plugin.secret]]
        name = "echo-token"
        file = "{tokenFile}"

        [[plugin.secret.websocket]]
        scheme = "ws"
        host = "127.0.0.1"
        port = {fixture.Server.Port}
        path_prefixes = ["/gateway"]

        [[plugin.secret.request]]
        scheme = "http"
        host = "127.0.0.1"
        port = {fixture.Server.Port}
        path_prefixes = ["/hello/secure"]
        methods = ["GET"]
        """;

    [Fact]
    public void The_server_gets_the_value_and_the_plugin_sees_only_the_placeholder()
    {
        var tokenFile = Path.Combine(fixture.GrantsDirectory, $"token-{Guid.NewGuid():N}");
        File.WriteAllText(tokenFile, Token + "\n");
        File.SetUnixFileMode(tokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var plugin = fixture.Load("echo-plugin", Grants(tokenFile));
        var instance = fixture.Host.Start(plugin).Value;
        var port = fixture.Server.Port;

        var result = fixture.Host.Run(instance, $$$"""
            {"secrets": {"ws": "ws://127.0.0.1:{{{port}}}/gateway", "http": "http://127.0.0.1:{{{port}}}/hello/secure", "elsewhere": "http://127.0.0.1:{{{port}}}/hello"}}
            """);

        Assert.True(result.IsOk, result.ToString());
        Assert.True(result.Value.IsOk, result.Value.ToString());
        var transcript = result.Value.OkValue;
        output.WriteLine(transcript);
        Assert.Equal(
        [
            $"ws open ws://127.0.0.1:{port}/gateway -> connection *",
            "ws send-with-secrets {\"op\":2,\"d\":{\"token\":\"<secret:echo-token>\"}}",
            $"ws recv text \"ack {Identify.Length}\"",
            "ws close 1000 \"done\"",
            $"http GET http://127.0.0.1:{port}/hello/secure authorization=<secret:echo-token> -> 200 \"hello, plugin\"",
            $"secret elsewhere: denied: secret: 'echo-token' is not granted for http://127.0.0.1:{port}/hello",
            "plain credential: denied: 'authorization' carries credentials; a plugin may set it only to a granted secret",
        ], transcript.Split('\n').Select(line => System.Text.RegularExpressions.Regex.Replace(line, @"connection \d+$", "connection *")));
        Assert.DoesNotContain(Token, transcript);
        Assert.Equal($"Bearer {Token}", Assert.Single(fixture.Server.SecureAuthorizations));
        Assert.Equal(Identify, Assert.Single(fixture.Server.GatewayMessages));
    }
}
