using System.Net;
using Yoi.Runtime.Policy;
using static Yoi.Runtime.Tests.Policy.TestTargets;

namespace Yoi.Runtime.Tests.Policy;

public class PolicyEngineTests
{
    private static readonly Target[] GatewayDeclared = [Ws("example.com", paths: ["/gateway"], subprotocols: ["chat"], label: "plugin.toml")];
    private static readonly Target[] GatewayGranted = [Ws("example.com", paths: ["/gateway"], subprotocols: ["chat"], label: "grants.toml")];

    private static PolicyDecision Open(string url, IReadOnlyList<Target> declared, IReadOnlyList<Target> granted, params string[] subprotocols) =>
        PolicyEngine.DecideWebSocket(url, subprotocols, declared, granted);

    [Fact]
    public void Allowed_when_declared_and_granted_and_says_which_matched()
    {
        var decision = Open("wss://example.com/gateway/room?id=1", GatewayDeclared, GatewayGranted, "chat");

        Assert.True(decision.IsAllowed, decision.Explain());
        Assert.Null(decision.Reason);
        Assert.Same(GatewayDeclared[0], decision.MatchedDeclaration);
        Assert.Same(GatewayGranted[0], decision.MatchedGrant);
        var explanation = decision.Explain();
        Assert.Contains("declared by [[websocket]] wss://example.com:443 paths [/gateway] subprotocols [chat] at plugin.toml:1:1", explanation);
        Assert.Contains("granted by  [[websocket]] wss://example.com:443 paths [/gateway] subprotocols [chat] at grants.toml:1:1", explanation);
    }

    [Fact]
    public void Declared_but_not_granted_is_denied()
    {
        var decision = Open("wss://other.example/", [Ws("other.example")], GatewayGranted);

        Assert.False(decision.IsAllowed);
        Assert.Equal(DenialReason.NotGranted, decision.Reason);
        Assert.Equal(PolicySide.Grant, decision.FailedSide);
        Assert.StartsWith("denied (not-granted):", decision.Message);
        Assert.Contains("host other.example is not example.com", decision.Explain());
    }

    [Fact]
    public void Granted_but_not_declared_is_denied()
    {
        var decision = Open("wss://other.example/", GatewayDeclared, [Ws("other.example")]);

        Assert.Equal(DenialReason.NotDeclared, decision.Reason);
        Assert.Equal(PolicySide.Declaration, decision.FailedSide);
    }

    [Fact]
    public void Nothing_declared_is_denied_as_not_declared()
    {
        var decision = Open("wss://example.com/gateway", [], GatewayGranted);

        Assert.Equal(DenialReason.NotDeclared, decision.Reason);
        Assert.Contains("no declaration lists any websocket target", decision.Message);
    }

    [Fact]
    public void Targets_of_the_other_api_do_not_count()
    {
        var decision = PolicyEngine.DecideRequest("https://example.com/gateway", "GET",
            [Ws("example.com", scheme: "wss")], [Http("example.com")]);

        Assert.Equal(DenialReason.NotDeclared, decision.Reason);
    }

    [Theory]
    [InlineData("wss://example.com/gatewayadmin", DenialReason.Path)]
    [InlineData("wss://example.com/gateway/../admin", DenialReason.Path)]
    [InlineData("wss://example.com:8443/gateway", DenialReason.Port)]
    [InlineData("ws://example.com/gateway", DenialReason.Scheme)]
    [InlineData("wss://evil.example/gateway", DenialReason.NotDeclared)]
    [InlineData("https://example.com/gateway", DenialReason.Scheme)]
    [InlineData("wss://user@example.com/gateway", DenialReason.InvalidUrl)]
    [InlineData("wss://example.com/gateway#x", DenialReason.InvalidUrl)]
    [InlineData("wss://example.com/gateway%2Fx", DenialReason.InvalidUrl)]
    public void The_first_reason_is_reported(string url, DenialReason reason)
    {
        var decision = Open(url, GatewayDeclared, GatewayGranted, "chat");

        Assert.False(decision.IsAllowed);
        Assert.Equal(reason, decision.Reason);
    }

    [Fact]
    public void Port_reason_names_the_nearest_target()
    {
        var decision = Open("wss://example.com:8443/gateway", GatewayDeclared, GatewayGranted);

        Assert.Equal(PolicySide.Declaration, decision.FailedSide);
        Assert.Contains("port 8443 is not 443", decision.Message);
    }

    [Theory]
    [InlineData(new[] { "chat" }, true)]
    [InlineData(new string[0], true)]
    [InlineData(new[] { "chat", "superchat" }, false)]
    [InlineData(new[] { "Chat" }, false)]
    public void Every_offered_subprotocol_must_be_allowed(string[] offered, bool allowed)
    {
        var decision = Open("wss://example.com/gateway", GatewayDeclared, GatewayGranted, offered);

        Assert.Equal(allowed, decision.IsAllowed);
        if (!allowed)
        {
            Assert.Equal(DenialReason.Subprotocol, decision.Reason);
        }
    }

    [Fact]
    public void An_empty_subprotocol_list_allows_only_connections_without_one()
    {
        Target[] plain = [Ws("example.com")];
        Assert.True(Open("wss://example.com/", plain, plain).IsAllowed);
        Assert.Equal(DenialReason.Subprotocol, Open("wss://example.com/", plain, plain, "chat").Reason);
    }

    [Fact]
    public void Invalid_subprotocol_tokens_are_refused_before_matching()
    {
        Target[] any = [Ws("example.com", subprotocols: ["*"])];
        Assert.True(Open("wss://example.com/", any, any, "anything").IsAllowed);
        Assert.Equal(DenialReason.Subprotocol, Open("wss://example.com/", any, any, "a b").Reason);
    }

    [Theory]
    [InlineData("GET", true)]
    [InlineData("POST", false)]
    [InlineData("get", false)]
    public void Request_methods_must_be_listed(string method, bool allowed)
    {
        Target[] declared = [Http("api.example.com", paths: ["/v1"], methods: ["GET"])];
        Target[] granted = [Http("api.example.com", paths: ["/v1"], methods: ["GET", "POST"])];

        var decision = PolicyEngine.DecideRequest("https://api.example.com/v1/items", method, declared, granted);

        Assert.Equal(allowed, decision.IsAllowed);
        if (!allowed)
        {
            Assert.Equal(DenialReason.Method, decision.Reason);
            Assert.Equal(PolicySide.Declaration, decision.FailedSide);
        }
    }

    [Theory]
    [InlineData("CONNECT")]
    [InlineData("G ET")]
    [InlineData("")]
    public void Connect_and_malformed_methods_are_refused_even_with_a_star(string method)
    {
        Target[] any = [Http("api.example.com", methods: ["*"])];
        var decision = PolicyEngine.DecideRequest("https://api.example.com/", method, any, any);

        Assert.Equal(DenialReason.Method, decision.Reason);
    }

    [Fact]
    public void A_websocket_url_through_the_request_api_is_a_scheme_denial()
    {
        Target[] any = [Http("example.com", methods: ["*"])];
        var decision = PolicyEngine.DecideRequest("wss://example.com/", "GET", any, any);

        Assert.Equal(DenialReason.Scheme, decision.Reason);
        Assert.Null(decision.FailedSide);
    }

    [Theory]
    [InlineData("ws://127.0.0.1:9000/", true, true, true)]
    [InlineData("ws://127.0.0.1:9000/", true, false, false)]
    [InlineData("ws://127.0.0.1:9000/", false, true, false)]
    [InlineData("ws://2130706433:9000/", true, true, true)]
    [InlineData("ws://0x7f.1:9000/", true, true, true)]
    [InlineData("ws://[::ffff:127.0.0.1]:9000/", true, true, true)]
    public void Loopback_is_reachable_only_when_explicit_on_both_sides(string url, bool declaredExplicitly, bool grantedExplicitly, bool allowed)
    {
        var explicitTarget = Ws("127.0.0.1", scheme: "ws", port: 9000);
        var broadTarget = Ws("0.0.0.0/0", scheme: "ws", port: 9000);
        Target[] declared = [declaredExplicitly ? explicitTarget : broadTarget];
        Target[] granted = [grantedExplicitly ? explicitTarget : broadTarget];

        var decision = Open(url, declared, granted);

        Assert.Equal(allowed, decision.IsAllowed);
        if (!allowed)
        {
            Assert.Equal(DenialReason.PrivateAddress, decision.Reason);
        }
    }

    [Fact]
    public void A_cidr_covering_public_space_still_allows_public_addresses()
    {
        Target[] broad = [Ws("0.0.0.0/0", scheme: "ws")];
        Assert.True(Open("ws://8.8.8.8/", broad, broad).IsAllowed);
    }

    [Theory]
    [InlineData("ws://10.1.2.3/", "10.0.0.0/8", true)]
    [InlineData("ws://169.254.169.254/", "169.254.0.0/16", false)]
    [InlineData("ws://169.254.169.254/", "169.254.169.254", true)]
    [InlineData("ws://[fd00::5]/", "fd00::/8", true)]
    [InlineData("ws://[::1]/", "::1/128", true)]
    [InlineData("ws://[64:ff9b::7f00:1]/", "127.0.0.1", false)]
    public void Private_classes_need_a_target_inside_the_class(string url, string host, bool allowed)
    {
        Target[] targets = [Ws(host, scheme: "ws")];
        Assert.Equal(allowed, Open(url, targets, targets).IsAllowed);
    }

    [Fact]
    public void Localhost_needs_localhost_on_both_sides()
    {
        Target[] local = [Ws("localhost", scheme: "ws", port: 8080)];
        Target[] loopbackIp = [Ws("127.0.0.1", scheme: "ws", port: 8080)];

        Assert.True(Open("ws://localhost:8080/", local, local).IsAllowed);
        Assert.True(Open("ws://LOCALHOST.:8080/", local, local).IsAllowed);
        Assert.Equal(DenialReason.NotGranted, Open("ws://localhost:8080/", local, loopbackIp).Reason);
    }

    [Fact]
    public void Wildcards_and_any_port_match_broadly_but_not_the_apex()
    {
        Target[] broad = [Ws("*.example.com", anyPort: true)];
        Assert.True(Open("wss://a.b.example.com:7000/x", broad, broad).IsAllowed);
        Assert.Equal(DenialReason.NotDeclared, Open("wss://example.com/x", broad, broad).Reason);
    }

    [Fact]
    public void Every_matching_pair_needs_its_own_match_per_side()
    {
        // The declaration covers /a only, the grant /b only: nothing is allowed.
        Target[] declared = [Ws("example.com", paths: ["/a"])];
        Target[] granted = [Ws("example.com", paths: ["/b"])];

        Assert.Equal(DenialReason.Path, Open("wss://example.com/a", declared, granted).Reason);
        Assert.Equal(PolicySide.Grant, Open("wss://example.com/a", declared, granted).FailedSide);
        Assert.Equal(PolicySide.Declaration, Open("wss://example.com/b", declared, granted).FailedSide);
    }

    [Fact]
    public void Invalid_urls_explain_the_url_error()
    {
        var decision = Open("wss://user:pw@example.com/", GatewayDeclared, GatewayGranted);

        Assert.Equal(DenialReason.InvalidUrl, decision.Reason);
        Assert.Contains("UserInfo", decision.Message);
        Assert.Contains("wss://user:pw@example.com/", decision.Explain());
    }

    // --- connect time: the addresses DNS returned ---

    private static IPAddress[] Ips(params string[] addresses) => addresses.Select(IPAddress.Parse).ToArray();

    [Fact]
    public void Public_names_resolving_to_public_addresses_pass_and_are_returned_for_connecting()
    {
        var decision = Open("wss://example.com/gateway", GatewayDeclared, GatewayGranted);
        var check = PolicyEngine.CheckResolvedAddresses(decision, Ips("93.184.216.34", "2606:2800:220:1::1"));

        Assert.True(check.IsAllowed, check.Message);
        Assert.Equal(Ips("93.184.216.34", "2606:2800:220:1::1"), check.Addresses);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("10.0.0.7")]
    [InlineData("169.254.169.254")]
    [InlineData("::1")]
    [InlineData("::ffff:192.168.1.1")]
    [InlineData("64:ff9b::a9fe:a9fe")]
    [InlineData("2002:7f00:1::1")]
    [InlineData("0.0.0.0")]
    [InlineData("fd00:ec2::254")]
    public void A_public_name_that_rebinds_to_a_private_address_is_refused(string address)
    {
        var decision = Open("wss://example.com/gateway", GatewayDeclared, GatewayGranted);
        Assert.True(decision.IsAllowed);

        var check = PolicyEngine.CheckResolvedAddresses(decision, Ips("93.184.216.34", address));

        Assert.False(check.IsAllowed);
        Assert.Equal(DenialReason.PrivateAddress, check.Reason);
        Assert.Empty(check.Addresses);
    }

    [Fact]
    public void A_private_address_is_accepted_when_both_sides_name_it()
    {
        Target[] declared = [Ws("internal.example", scheme: "ws"), Ws("10.0.0.0/8", scheme: "ws")];
        Target[] granted = [Ws("internal.example", scheme: "ws"), Ws("10.0.0.7", scheme: "ws")];
        var decision = Open("ws://internal.example/", declared, granted);

        Assert.True(PolicyEngine.CheckResolvedAddresses(decision, Ips("10.0.0.7")).IsAllowed);
        var other = PolicyEngine.CheckResolvedAddresses(decision, Ips("10.0.0.8"));
        Assert.False(other.IsAllowed);
        Assert.Equal(PolicySide.Grant, other.FailedSide);
    }

    [Fact]
    public void An_ip_target_vouches_only_for_requests_it_would_allow_apart_from_the_host()
    {
        // The CIDR target is for port 9000; the request is on port 80.
        Target[] targets = [Ws("internal.example", scheme: "ws"), Ws("10.0.0.0/8", scheme: "ws", port: 9000)];
        var decision = Open("ws://internal.example/", targets, targets);

        Assert.False(PolicyEngine.CheckResolvedAddresses(decision, Ips("10.0.0.7")).IsAllowed);
    }

    [Fact]
    public void Localhost_may_resolve_only_to_loopback()
    {
        Target[] local = [Ws("localhost", scheme: "ws", port: 8080)];
        var decision = Open("ws://localhost:8080/", local, local);

        Assert.True(PolicyEngine.CheckResolvedAddresses(decision, Ips("127.0.0.1", "::1")).IsAllowed);
        Assert.False(PolicyEngine.CheckResolvedAddresses(decision, Ips("127.0.0.1", "10.0.0.1")).IsAllowed);
        Assert.False(PolicyEngine.CheckResolvedAddresses(decision, Ips("93.184.216.34")).IsAllowed);
    }

    [Fact]
    public void A_localhost_target_does_not_vouch_for_other_names_resolving_to_loopback()
    {
        Target[] targets = [Ws("evil.example", scheme: "ws"), Ws("localhost", scheme: "ws")];
        var decision = Open("ws://evil.example/", targets, targets);
        Assert.True(decision.IsAllowed);

        var check = PolicyEngine.CheckResolvedAddresses(decision, Ips("127.0.0.1"));

        Assert.False(check.IsAllowed);
        Assert.Equal(DenialReason.PrivateAddress, check.Reason);
    }

    [Fact]
    public void No_addresses_is_a_denial()
    {
        var decision = Open("wss://example.com/gateway", GatewayDeclared, GatewayGranted);
        Assert.Equal(DenialReason.NoAddresses, PolicyEngine.CheckResolvedAddresses(decision, []).Reason);
    }

    [Fact]
    public void A_denied_decision_stays_denied_at_connect_time()
    {
        var decision = Open("wss://evil.example/", GatewayDeclared, GatewayGranted);
        var check = PolicyEngine.CheckResolvedAddresses(decision, Ips("93.184.216.34"));

        Assert.False(check.IsAllowed);
        Assert.Equal(DenialReason.NotDeclared, check.Reason);
    }

    [Fact]
    public void Ipv4_mapped_answers_are_vetted_and_returned_as_ipv4()
    {
        Target[] targets = [Ws("internal.example", scheme: "ws"), Ws("10.0.0.7", scheme: "ws")];
        var decision = Open("ws://internal.example/", targets, targets);

        var check = PolicyEngine.CheckResolvedAddresses(decision, Ips("::ffff:10.0.0.7"));

        Assert.True(check.IsAllowed, check.Message);
        Assert.Equal(Ips("10.0.0.7"), check.Addresses);
    }
}
