using System.Net;
using Yoi.Runtime.Manifest;
using Yoi.Runtime.Policy;

namespace Yoi.Runtime.Tests.Policy;

public class TargetPartsTests
{
    [Theory]
    [InlineData("example.com", typeof(ExactHostPattern), "example.com")]
    [InlineData("Example.COM.", typeof(ExactHostPattern), "example.com")]
    [InlineData("bücher.example", typeof(ExactHostPattern), "xn--bcher-kva.example")]
    [InlineData("*.example.com", typeof(WildcardHostPattern), "*.example.com")]
    [InlineData("127.0.0.1", typeof(IpHostPattern), "127.0.0.1")]
    [InlineData("0x7f.1", typeof(IpHostPattern), "127.0.0.1")]
    [InlineData("::1", typeof(IpHostPattern), "::1")]
    [InlineData("[::1]", typeof(IpHostPattern), "::1")]
    [InlineData("::ffff:10.0.0.1", typeof(IpHostPattern), "10.0.0.1")]
    [InlineData("127.0.0.0/8", typeof(CidrHostPattern), "127.0.0.0/8")]
    [InlineData("::1/128", typeof(CidrHostPattern), "::1/128")]
    [InlineData("fd00::/8", typeof(CidrHostPattern), "fd00::/8")]
    [InlineData("localhost", typeof(LocalhostPattern), "localhost")]
    [InlineData("LOCALHOST.", typeof(LocalhostPattern), "localhost")]
    public void Host_forms_parse_to_their_pattern(string text, Type expectedType, string canonical)
    {
        var pattern = TestTargets.Host(text);
        Assert.IsType(expectedType, pattern);
        Assert.Equal(canonical, pattern.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("*")]
    [InlineData("*.")]
    [InlineData("foo.*.com")]
    [InlineData("*example.com")]
    [InlineData("*.*.example.com")]
    [InlineData("*.localhost")]
    [InlineData("127.0.0.1/8")]
    [InlineData("10.0.0.0/33")]
    [InlineData("::ffff:10.0.0.0/104")]
    [InlineData("a..b")]
    [InlineData("999.1.1.1")]
    public void Bad_host_forms_are_refused(string text)
    {
        Assert.False(HostPattern.Parse(text).IsOk);
    }

    [Theory]
    [InlineData("*.example.com", "a.example.com", true)]
    [InlineData("*.example.com", "a.b.example.com", true)]
    [InlineData("*.example.com", "example.com", false)]
    [InlineData("*.example.com", "badexample.com", false)]
    [InlineData("*.example.com", "example.com.evil.net", false)]
    [InlineData("example.com", "example.com", true)]
    [InlineData("example.com", "a.example.com", false)]
    [InlineData("127.0.0.0/8", "127.5.6.7", true)]
    [InlineData("127.0.0.0/8", "128.0.0.1", false)]
    [InlineData("127.0.0.1", "2130706433", true)]
    [InlineData("localhost", "localhost", true)]
    [InlineData("localhost", "127.0.0.1", false)]
    [InlineData("localhost", "foo.localhost", false)]
    public void Host_patterns_match_canonical_hosts(string pattern, string urlHost, bool expected)
    {
        var host = CanonicalUrl.Parse($"ws://{urlHost}/").Value.Host;
        Assert.Equal(expected, TestTargets.Host(pattern).Matches(host));
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.0.0.0/8", true)]
    [InlineData("10.0.0.0/8", true)]
    [InlineData("::1", true)]
    [InlineData("fd00::/8", true)]
    [InlineData("localhost", true)]
    [InlineData("8.8.8.8", false)]
    [InlineData("0.0.0.0/0", false)]
    [InlineData("example.com", false)]
    [InlineData("*.internal.example", false)]
    public void Private_is_named_explicitly_only_by_private_literals_cidrs_and_localhost(string pattern, bool expected)
    {
        Assert.Equal(expected, TestTargets.Host(pattern).NamesPrivateExplicitly);
    }

    [Theory]
    [InlineData("10.0.0.0/8", "10.1.2.3", true)]
    [InlineData("0.0.0.0/0", "10.1.2.3", false)]
    [InlineData("169.254.0.0/16", "169.254.1.1", true)]
    [InlineData("169.254.0.0/16", "169.254.169.254", false)]
    [InlineData("169.254.169.254", "169.254.169.254", true)]
    [InlineData("10.0.0.5", "10.0.0.6", false)]
    [InlineData("example.com", "10.0.0.1", false)]
    [InlineData("localhost", "127.0.0.1", false)]
    public void Cidrs_name_an_address_only_when_wholly_inside_its_class(string pattern, string address, bool expected)
    {
        Assert.Equal(expected, TestTargets.Host(pattern).NamesAddressExplicitly(IPAddress.Parse(address)));
    }

    [Theory]
    [InlineData("/gateway", "/gateway", true)]
    [InlineData("/gateway", "/gateway/", true)]
    [InlineData("/gateway", "/gateway/x/y", true)]
    [InlineData("/gateway", "/gatewayadmin", false)]
    [InlineData("/gateway", "/gateway-admin", false)]
    [InlineData("/gateway", "/", false)]
    [InlineData("/gateway", "/other/gateway", false)]
    [InlineData("/gateway/", "/gateway/x", true)]
    [InlineData("/gateway/", "/gateway", false)]
    [InlineData("/", "/anything/at/all", true)]
    [InlineData("/%61pi", "/api/v1", true)]
    [InlineData("/a%3Fb", "/a%3Fb/c", true)]
    public void Path_prefixes_match_on_segment_boundaries(string prefix, string path, bool expected)
    {
        var set = PathPrefixSet.Create([prefix]).Value;
        Assert.Equal(expected, set.Allows(path));
    }

    [Theory]
    [InlineData("ws://h/gateway/../admin")]
    [InlineData("ws://h/gateway/%2e%2e/admin")]
    [InlineData("ws://h/gateway%2Fx")]
    public void Dot_segments_and_encoded_slashes_cannot_escape_a_prefix(string url)
    {
        var set = PathPrefixSet.Create(["/gateway"]).Value;
        var parsed = CanonicalUrl.Parse(url);
        Assert.False(parsed.IsOk && set.Allows(parsed.Value.Path));
    }

    [Theory]
    [InlineData("gateway")]
    [InlineData("")]
    [InlineData("/a/../b")]
    [InlineData("/a/./b")]
    [InlineData("/a?x")]
    [InlineData("/a#x")]
    [InlineData("/a%2Fb")]
    [InlineData("/a//b")]
    [InlineData("/a b")]
    [InlineData("/a/%2e%2e/b")]
    [InlineData("/a/%2E")]
    [InlineData("/a/..;x")]
    [InlineData("/a%252f")]
    [InlineData("/a%c0%ae")]
    public void Bad_path_prefixes_are_refused(string prefix)
    {
        Assert.False(PathPrefixSet.Create([prefix]).IsOk);
    }

    [Theory]
    [InlineData(new string[0], true)]
    [InlineData(new[] { "/" }, true)]
    [InlineData(new[] { "/api", "/" }, true)]
    [InlineData(new[] { "/api" }, false)]
    public void Empty_or_root_path_lists_are_broad(string[] prefixes, bool broad)
    {
        Assert.Equal(broad, PathPrefixSet.Create(prefixes).Value.IsBroad);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(65536)]
    public void Ports_outside_the_range_are_refused(long port)
    {
        Assert.False(PortRule.Exactly(port).IsOk);
    }

    [Fact]
    public void Any_port_allows_every_port()
    {
        Assert.True(PortRule.Any.Allows(1));
        Assert.True(PortRule.Any.Allows(65535));
        Assert.False(PortRule.Exactly(443).Value.Allows(8443));
    }

    [Theory]
    [InlineData("chat")]
    [InlineData("v1.graphql-ws")]
    [InlineData("x~y")]
    public void Valid_tokens_are_accepted(string token)
    {
        Assert.True(TokenRule.Create([token], "subprotocol").Value.Allows(token));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a b")]
    [InlineData("a,b")]
    [InlineData("a/b")]
    [InlineData("ä")]
    [InlineData("a\"b")]
    public void Invalid_tokens_are_refused(string token)
    {
        Assert.False(TokenRule.Create([token], "subprotocol").IsOk);
    }

    [Theory]
    [InlineData("request", "methods = [\"GET\", \"POST\",\n  \"GET\"]", "the method 'GET' is listed twice")]
    [InlineData("websocket", "subprotocols = [\"chat\", \"chat\"]", "the subprotocol 'chat' is listed twice")]
    public void Duplicate_tokens_are_refused(string api, string tokens, string message)
    {
        var what = api == "request" ? "method" : "subprotocol";
        var first = api == "request" ? "GET" : "chat";
        Assert.Equal(message, TokenRule.Create([first, "x", first], what).Error);

        // Read from a manifest, the error names the second listing's file, line and column.
        var text = $"""
            id = "p"
            name = "P"
            version = "1.0.0"
            [runtime]
            component = "p.wasm"
            world = "plugin"
            [permissions]
            host_api = ["{api}"]
            [[{api}]]
            scheme = "{(api == "request" ? "https" : "wss")}"
            host = "example.com"
            {tokens}
            """;
        var error = Assert.Single(PluginManifestReader.Read(text, "plugin.toml").Error);
        Assert.Equal(ManifestErrorKind.Duplicate, error.Kind);
        Assert.Equal(api == "request" ? new SourceLocation("plugin.toml", 13, 3) : new SourceLocation("plugin.toml", 12, 25), error.Location);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Tokens_compare_case_sensitively()
    {
        Assert.False(TokenRule.Create(["GET"], "method").Value.Allows("get"));
    }

    [Fact]
    public void A_narrow_target_reports_no_broad_parts()
    {
        var target = TestTargets.Ws("example.com", paths: ["/gateway"], subprotocols: ["chat"]);
        Assert.Equal(BroadParts.None, target.Broadness);
        Assert.False(target.IsBroad);
    }

    [Fact]
    public void Broad_parts_are_reported_individually()
    {
        Assert.Equal(BroadParts.Host, TestTargets.Ws("*.example.com", paths: ["/a"]).Broadness);
        Assert.Equal(BroadParts.Port, TestTargets.Ws("example.com", anyPort: true, paths: ["/a"]).Broadness);
        Assert.Equal(BroadParts.Paths, TestTargets.Ws("example.com").Broadness);
        Assert.Equal(BroadParts.Subprotocols, TestTargets.Ws("example.com", paths: ["/a"], subprotocols: ["*"]).Broadness);
        Assert.Equal(BroadParts.Methods, TestTargets.Http("example.com", paths: ["/a"], methods: ["*"]).Broadness);
        Assert.Equal(BroadParts.Host, TestTargets.Ws("0.0.0.0/0", paths: ["/a"]).Broadness);
        Assert.Equal(
            BroadParts.Host | BroadParts.Port | BroadParts.Paths | BroadParts.Subprotocols,
            TestTargets.Ws("*.example.com", anyPort: true, subprotocols: ["*"]).Broadness);
    }
}
