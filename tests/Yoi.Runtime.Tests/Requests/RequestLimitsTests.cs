using Yoi.Runtime.Requests;

namespace Yoi.Runtime.Tests.Requests;

public class RequestLimitsTests
{
    [Fact]
    public void Defaults_follow_the_design()
    {
        var limits = RequestLimits.Default;

        Assert.Equal(TimeSpan.FromSeconds(5), limits.Timeout);
        Assert.Equal(1024 * 1024, limits.MaxRequestBodyBytes);
        Assert.Equal(4 * 1024 * 1024, limits.MaxResponseBodyBytes);
        Assert.Equal(64, limits.MaxRequestHeaders);
        Assert.Equal(8 * 1024, limits.MaxRequestHeaderBytes);
        Assert.Equal(64, limits.MaxResponseHeaders);
        Assert.Equal(8 * 1024, limits.MaxResponseHeaderBytes);
        Assert.Null(limits.Validate());
    }

    [Fact]
    public void Nonsense_limits_are_refused()
    {
        Assert.NotNull((RequestLimits.Default with { Timeout = TimeSpan.Zero }).Validate());
        Assert.NotNull((RequestLimits.Default with { MaxRequestBodyBytes = -1 }).Validate());
        Assert.NotNull((RequestLimits.Default with { MaxResponseBodyBytes = int.MaxValue }).Validate());
        Assert.NotNull((RequestLimits.Default with { MaxRequestHeaders = -1 }).Validate());
        Assert.NotNull((RequestLimits.Default with { MaxResponseHeaders = 0 }).Validate());
        Assert.NotNull((RequestLimits.Default with { MaxResponseHeaderBytes = 100 }).Validate());
        Assert.Null((RequestLimits.Default with { MaxRequestBodyBytes = 0, MaxRequestHeaders = 0 }).Validate());
    }

    [Fact]
    public void Header_bytes_count_a_wire_line()
    {
        Assert.Equal("Accept: text/plain\r\n".Length, RequestLimits.HeaderLineBytes("Accept", "text/plain"));
    }
}
