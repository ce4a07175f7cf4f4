using Yoi.Runtime.Policy;

namespace Yoi.Runtime.Tests.Policy;

/// <summary>What the connectors put on the wire for a canonical URL, and a target that allows exactly it.</summary>
internal static class SentForm
{
    /// <summary>
    /// Both connectors send <c>new Uri(url.ToString())</c>; <see cref="Uri"/> may re-escape, unescape or
    /// re-spell parts, so the URI it builds must give back the canonical text, request target and Host value.
    /// </summary>
    public static void AssertUriKeeps(CanonicalUrl url)
    {
        var text = url.ToString();
        var uri = new Uri(text, UriKind.Absolute);
        Assert.Equal(text, uri.AbsoluteUri);
        Assert.Equal(url.PathAndQuery, uri.PathAndQuery);
        Assert.Equal(url.Authority, uri.Authority);
        Assert.Equal(url.Port, uri.Port);
    }

    /// <summary>
    /// A target for the URL's scheme, host (or <paramref name="host"/>) and port whose path prefix is the
    /// URL's first segment.
    /// </summary>
    public static Target TargetCovering(CanonicalUrl url, string? host = null)
    {
        host ??= url.Host switch
        {
            IpHost ip => ip.Address.ToString(),
            _ => url.Host.UrlText,
        };
        var firstSegment = url.Path.Split('/')[1];
        string[] paths = [firstSegment.Length == 0 ? "/" : "/" + firstSegment];
        return url.Scheme is "ws" or "wss"
            ? TestTargets.Ws(host, scheme: url.Scheme, port: url.Port, paths: paths)
            : TestTargets.Http(host, scheme: url.Scheme, port: url.Port, paths: paths);
    }
}
