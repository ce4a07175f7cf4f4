using Yoi.Runtime.Policy;

namespace Yoi.Runtime.Tests.Policy;

public class HeaderPolicyTests
{
    [Theory]
    [InlineData("Authorization")]
    [InlineData("authorization")]
    [InlineData("Proxy-Authorization")]
    [InlineData("Proxy-Connection")]
    [InlineData("Cookie")]
    [InlineData("Set-Cookie")]
    [InlineData("X-Api-Key")]
    [InlineData("x-apikey")]
    [InlineData("Api_Key")]
    [InlineData("X-Auth-Token")]
    [InlineData("X-Amz-Security-Token")]
    [InlineData("X-Client-Secret")]
    [InlineData("X-CSRF-Token")]
    [InlineData("Ocp-Apim-Subscription-Key")]
    [InlineData("X-Session-Id")]
    [InlineData("X-Goog-Authenticated-User")]
    [InlineData("WWW-Authenticate")]
    public void Credential_headers_are_refused(string name)
    {
        var refusal = HeaderPolicy.Check(name, "value");
        Assert.NotNull(refusal);
        Assert.Equal(HeaderRefusalReason.Credential, refusal.Reason);
    }

    [Theory]
    [InlineData("Host")]
    [InlineData("connection")]
    [InlineData("Upgrade")]
    [InlineData("Content-Length")]
    [InlineData("Transfer-Encoding")]
    [InlineData("TE")]
    [InlineData("Trailer")]
    [InlineData("Keep-Alive")]
    [InlineData("Sec-WebSocket-Key")]
    [InlineData("Sec-WebSocket-Protocol")]
    [InlineData("Sec-WebSocket-Extensions")]
    [InlineData("sec-fetch-site")]
    [InlineData("Origin")]
    [InlineData("Expect")]
    [InlineData("X-Forwarded-For")]
    [InlineData("Forwarded")]
    public void Protocol_owned_headers_are_refused(string name)
    {
        var refusal = HeaderPolicy.Check(name, "value");
        Assert.NotNull(refusal);
        Assert.Equal(HeaderRefusalReason.ProtocolOwned, refusal.Reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Bad Name")]
    [InlineData("Bad:Name")]
    [InlineData("Bad\r\nName")]
    [InlineData("Nämé")]
    [InlineData("(comment)")]
    public void Names_that_are_not_tokens_are_refused(string name)
    {
        var refusal = HeaderPolicy.Check(name, "value");
        Assert.NotNull(refusal);
        Assert.Equal(HeaderRefusalReason.InvalidName, refusal.Reason);
    }

    [Theory]
    [InlineData("a\r\nX-Injected: 1")]
    [InlineData("a\nb")]
    [InlineData("a\rb")]
    [InlineData("a\0b")]
    [InlineData("a\u0007b")]
    [InlineData("a\u007Fb")]
    [InlineData("caf\u00e9")]
    public void Values_with_line_breaks_controls_or_non_ascii_are_refused(string value)
    {
        var refusal = HeaderPolicy.Check("X-Note", value);
        Assert.NotNull(refusal);
        Assert.Equal(HeaderRefusalReason.InvalidValue, refusal.Reason);
    }

    [Theory]
    [InlineData("Accept", "application/json")]
    [InlineData("Content-Type", "text/plain; charset=utf-8")]
    [InlineData("User-Agent", "yoi-plugin/1.0")]
    [InlineData("X-Request-Id", "abc\t123")]
    [InlineData("Accept-Language", "")]
    public void Ordinary_headers_pass(string name, string value)
    {
        Assert.Null(HeaderPolicy.Check(name, value));
    }

    [Fact]
    public void CheckAll_reports_every_refusal_in_order()
    {
        var refusals = HeaderPolicy.CheckAll([("Accept", "*/*"), ("Cookie", "a=b"), ("Host", "x"), ("X-Ok", "1")]);

        Assert.Equal([HeaderRefusalReason.Credential, HeaderRefusalReason.ProtocolOwned], refusals.Select(r => r.Reason));
        Assert.Equal(["Cookie", "Host"], refusals.Select(r => r.Name));
    }
}
