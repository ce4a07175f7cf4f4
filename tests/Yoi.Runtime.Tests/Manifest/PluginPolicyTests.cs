using System.Net;
using Yoi.Runtime.Manifest;
using Yoi.Runtime.Policy;

namespace Yoi.Runtime.Tests.Manifest;

/// <summary>End to end: plugin.toml + grants file text to decisions.</summary>
public class PluginPolicyTests
{
    private const string ManifestText = """
        id = "chat-bridge"
        name = "Chat bridge"
        version = "1.2.0"

        [runtime]
        component = "chat_bridge.wasm"
        world = "plugin"

        [permissions]
        host_api = ["websocket", "request"]

        [[websocket]]
        scheme = "wss"
        host = "chat.example.com"
        path_prefixes = ["/gateway", "/admin"]
        subprotocols = ["chat.v1"]

        [[websocket]]
        scheme = "ws"
        host = "localhost"
        port = 8080

        [[request]]
        scheme = "https"
        host = "api.example.com"
        methods = ["GET", "POST"]
        """;

    private static PluginPolicy Bind()
    {
        var manifest = PluginManifestReader.Read(ManifestText, "plugin.toml").Value;
        var grants = GrantsFileReader.Read(GrantsFileReaderTests.Valid, "grants.toml").Value;
        var bound = PluginPolicy.Bind(manifest, ContentDigest.Parse(GrantsFileReaderTests.Digest).Value, grants);
        Assert.True(bound.IsOk, bound.ToString());
        return bound.Value;
    }

    [Fact]
    public void Declared_and_granted_urls_are_allowed_with_both_locations_in_the_explanation()
    {
        var decision = Bind().DecideWebSocket("wss://CHAT.example.com/gateway/lobby", ["chat.v1"]);

        Assert.True(decision.IsAllowed, decision.Explain());
        Assert.Contains("at plugin.toml:12:1", decision.Explain());
        Assert.Contains("at grants.toml:7:1", decision.Explain());
    }

    [Fact]
    public void Declared_paths_the_user_did_not_grant_are_denied()
    {
        var decision = Bind().DecideWebSocket("wss://chat.example.com/admin", []);

        Assert.Equal(DenialReason.Path, decision.Reason);
        Assert.Equal(PolicySide.Grant, decision.FailedSide);
    }

    [Fact]
    public void Localhost_declared_but_not_granted_is_denied()
    {
        var decision = Bind().DecideWebSocket("ws://localhost:8080/", []);

        Assert.Equal(DenialReason.NotGranted, decision.Reason);
    }

    [Fact]
    public void Request_methods_are_the_intersection_of_both_sides()
    {
        var policy = Bind();
        Assert.True(policy.DecideRequest("https://api.example.com/v1/x", "GET").IsAllowed);
        Assert.Equal(DenialReason.Method, policy.DecideRequest("https://api.example.com/v1/x", "POST").Reason);
    }

    [Fact]
    public void Rebinding_is_caught_after_an_allowed_decision()
    {
        var decision = Bind().DecideWebSocket("wss://chat.example.com/gateway", []);
        var check = PolicyEngine.CheckResolvedAddresses(decision, [IPAddress.Parse("10.0.0.1")]);

        Assert.Equal(DenialReason.PrivateAddress, check.Reason);
    }

    [Fact]
    public void A_changed_component_is_not_granted()
    {
        var manifest = PluginManifestReader.Read(ManifestText, "plugin.toml").Value;
        var grants = GrantsFileReader.Read(GrantsFileReaderTests.Valid, "grants.toml").Value;

        var bound = PluginPolicy.Bind(manifest, ContentDigest.Of("changed"u8), grants);

        Assert.False(bound.IsOk);
        Assert.Contains("grants 'chat-bridge' only as 1.2.0 " + GrantsFileReaderTests.Digest + " (at grants.toml:1:1)", bound.Error);
    }
}
