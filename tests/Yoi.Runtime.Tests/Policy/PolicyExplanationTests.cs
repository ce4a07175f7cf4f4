using Yoi.Runtime.Policy;
using static Yoi.Runtime.Tests.Policy.TestTargets;

namespace Yoi.Runtime.Tests.Policy;

/// <summary>The exact text a CLI `explain` prints, so changes to it are deliberate.</summary>
public class PolicyExplanationTests
{
    [Fact]
    public void A_denial_lists_the_failing_side_and_each_target()
    {
        Target[] declared =
        [
            Ws("chat.example.com", paths: ["/gateway"], subprotocols: ["chat"], label: "plugin.toml"),
            Ws("*.cdn.example.com", anyPort: true, label: "plugin.toml"),
        ];

        var decision = PolicyEngine.DecideWebSocket("wss://chat.example.com:8443/gateway", [], declared, declared);

        Assert.Equal(
            """
            request:  websocket wss://chat.example.com:8443/gateway
            denied (port): nearest declaration [[websocket]] wss://chat.example.com:443 paths [/gateway] subprotocols [chat] at plugin.toml:1:1: port 8443 is not 443
              - [[websocket]] wss://chat.example.com:443 paths [/gateway] subprotocols [chat] at plugin.toml:1:1: port 8443 is not 443
              - [[websocket]] wss://*.cdn.example.com:any paths [any path] subprotocols [none] at plugin.toml:1:1: host chat.example.com is not *.cdn.example.com
            """.ReplaceLineEndings("\n"),
            decision.Explain().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void An_allowed_request_names_both_targets()
    {
        Target[] declared = [Http("api.example.com", paths: ["/v1"], methods: ["GET"], label: "plugin.toml")];
        Target[] granted = [Http("api.example.com", methods: ["*"], label: "grants.toml")];

        var decision = PolicyEngine.DecideRequest("https://api.example.com/v1/items?page=2", "GET", declared, granted);

        Assert.Equal(
            """
            request:  request GET https://api.example.com/v1/items?page=2
            allowed: request GET https://api.example.com/v1/items?page=2
              declared by [[request]] https://api.example.com:443 paths [/v1] methods [GET] at plugin.toml:1:1
              granted by  [[request]] https://api.example.com:443 paths [any path] methods [*] at grants.toml:1:1
            """.ReplaceLineEndings("\n"),
            decision.Explain().ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData(DenialReason.InvalidUrl, "invalid-url")]
    [InlineData(DenialReason.NotDeclared, "not-declared")]
    [InlineData(DenialReason.NotGranted, "not-granted")]
    [InlineData(DenialReason.PrivateAddress, "private-address")]
    [InlineData(DenialReason.Subprotocol, "subprotocol")]
    [InlineData(DenialReason.NoAddresses, "no-addresses")]
    public void Reasons_print_as_kebab_case_codes(DenialReason reason, string code)
    {
        Assert.Equal(code, reason.Code());
    }
}
