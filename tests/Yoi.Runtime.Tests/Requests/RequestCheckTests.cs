using Yoi.Runtime.Secrets;
using Yoi.Runtime.Requests;

namespace Yoi.Runtime.Tests.Requests;

/// <summary>The checks made before any connection: each refusal is its own typed error with its own text.</summary>
public class RequestCheckTests
{
    private static readonly IRequestPolicy Policy = RequestTestPolicies.Loopback(8080);

    private static RequestFailure Refused(PluginHttpRequest request, RequestLimits? limits = null)
    {
        var result = RequestCheck.Check(request, Policy, limits ?? RequestLimits.Default);
        Assert.False(result.IsOk, "expected a refusal, got " + result);
        return result.Error;
    }

    private static PluginHttpRequest Get(params PluginHeader[] headers) => new("GET", "http://127.0.0.1:8080/x", headers, null);

    [Fact]
    public void An_allowed_request_passes()
    {
        var result = RequestCheck.Check(Get(("Accept", "application/json")), Policy, RequestLimits.Default);

        Assert.True(result.IsOk, result.ToString());
        Assert.Equal("http://127.0.0.1:8080/x", result.Value.Decision.Access!.Url.ToString());
    }

    [Theory]
    [InlineData("ws://127.0.0.1:8080/x", "websocket-url", "ws URLs")]
    [InlineData("wss://127.0.0.1:8080/x", "websocket-url", "wss URLs")]
    public void WebSocket_urls_are_refused_as_persistent(string url, string reason, string text)
    {
        var failure = Refused(new PluginHttpRequest("GET", url));

        Assert.Equal(reason, failure.Reason);
        Assert.Contains(text, Assert.IsType<HostError.Denied>(failure.Error).Message);
    }

    [Theory]
    [InlineData("Upgrade", "websocket", "upgrade", "the Upgrade header")]
    [InlineData("upgrade", "h2c", "upgrade", "the Upgrade header")]
    [InlineData("Connection", "keep-alive, Upgrade", "connection-upgrade", "'Connection: upgrade'")]
    [InlineData("Accept", "text/event-stream", "event-stream", "server-sent event stream")]
    [InlineData("accept", "text/html, TEXT/Event-Stream ; q=0.9", "event-stream", "server-sent event stream")]
    public void Persistent_connection_headers_are_refused_each_with_its_own_text(string name, string value, string reason, string text)
    {
        var failure = Refused(Get((name, value)));

        Assert.Equal(reason, failure.Reason);
        Assert.Contains(text, Assert.IsType<HostError.Denied>(failure.Error).Message);
    }

    [Fact]
    public void Other_accept_values_and_connection_values_are_not_persistent_forms()
    {
        Assert.True(RequestCheck.Check(Get(("Accept", "text/*, application/json;q=0.5")), Policy, RequestLimits.Default).IsOk);
        var keepAlive = Refused(Get(("Connection", "keep-alive")));
        Assert.Equal("protocol-header", keepAlive.Reason);
    }

    [Theory]
    [InlineData("Authorization", "Bearer x", "credential-header")]
    [InlineData("Cookie", "a=b", "credential-header")]
    [InlineData("X-Api-Key", "k", "credential-header")]
    [InlineData("Proxy-Authorization", "Basic x", "credential-header")]
    [InlineData("Host", "example.com", "protocol-header")]
    [InlineData("Transfer-Encoding", "chunked", "protocol-header")]
    public void Credential_and_protocol_owned_headers_are_denied(string name, string value, string reason)
    {
        var failure = Refused(Get((name, value)));

        Assert.Equal(reason, failure.Reason);
        Assert.Contains(name, Assert.IsType<HostError.Denied>(failure.Error).Message);
    }

    [Fact]
    public void Malformed_headers_methods_and_urls_are_invalid_arguments()
    {
        Assert.IsType<HostError.InvalidArgument>(Refused(Get(("X-Note", "a\r\nInjected: 1"))).Error);
        Assert.IsType<HostError.InvalidArgument>(Refused(Get(("Bad Name", "v"))).Error);
        Assert.IsType<HostError.InvalidArgument>(Refused(new PluginHttpRequest("GE T", "http://127.0.0.1:8080/x")).Error);
        Assert.IsType<HostError.InvalidArgument>(Refused(new PluginHttpRequest("GET", "http://user@127.0.0.1:8080/x")).Error);
        Assert.IsType<HostError.InvalidArgument>(Refused(new PluginHttpRequest("GET", "not a url")).Error);
    }

    [Fact]
    public void Connect_is_denied_as_a_tunnel()
    {
        var failure = Refused(new PluginHttpRequest("CONNECT", "http://127.0.0.1:8080/x"));

        Assert.Equal("method", failure.Reason);
        Assert.IsType<HostError.Denied>(failure.Error);
    }

    [Fact]
    public void Header_count_and_bytes_are_bounded()
    {
        var many = Enumerable.Range(0, 65).Select(i => (PluginHeader)($"X-H{i}", "v")).ToArray();
        Assert.Contains("65 request headers", Assert.IsType<HostError.Limit>(Refused(Get(many)).Error).Message);
        Assert.True(RequestCheck.Check(Get(many[..64]), Policy, RequestLimits.Default).IsOk);

        var big = Refused(Get(("X-Big", new string('a', 8 * 1024))));
        Assert.Contains("bytes of request headers", Assert.IsType<HostError.Limit>(big.Error).Message);
    }

    [Fact]
    public void Request_body_is_bounded()
    {
        var limits = RequestLimits.Default with { MaxRequestBodyBytes = 1024 };

        var failure = Refused(new PluginHttpRequest("POST", "http://127.0.0.1:8080/x", [], new byte[1025]), limits);

        Assert.Equal("limit-body", failure.Reason);
        Assert.Contains("1025", Assert.IsType<HostError.Limit>(failure.Error).Message);
        Assert.True(RequestCheck.Check(new PluginHttpRequest("POST", "http://127.0.0.1:8080/x", [], new byte[1024]), Policy, limits).IsOk);
    }

    [Fact]
    public void The_policy_decides_last_and_every_call()
    {
        var failure = Refused(new PluginHttpRequest("GET", "http://127.0.0.1:8081/x"));

        Assert.Equal("port", failure.Reason);
        Assert.IsType<HostError.Denied>(failure.Error);
    }
}
