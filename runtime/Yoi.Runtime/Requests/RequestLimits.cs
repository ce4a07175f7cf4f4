namespace Yoi.Runtime.Requests;

/// <summary>
/// The bounds on one <c>request.send</c>. Defaults follow the design; every value can be changed by
/// the host, none by a plugin. <see cref="Validate"/> refuses nonsense (zero or negative bounds).
/// Header bytes are counted as on an HTTP/1.1 wire: <c>name: value\r\n</c> per header line.
/// </summary>
public sealed record RequestLimits
{
    /// <summary>The largest body bound accepted: one byte under the largest array, so limit + 1 still fits.</summary>
    public const int MaxBodyBound = 1 << 30;

    public static RequestLimits Default { get; } = new();

    /// <summary>The whole exchange: resolve, connect, TLS, sending the request, and reading the whole response.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Largest request body; a larger one is refused with <c>limit</c> before connecting.</summary>
    public int MaxRequestBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>Largest response body returned; the rest is not read, and the response says <c>truncated</c>.</summary>
    public int MaxResponseBodyBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Most headers a plugin may send.</summary>
    public int MaxRequestHeaders { get; init; } = 64;

    /// <summary>Most bytes of plugin headers (<c>name: value\r\n</c> each).</summary>
    public int MaxRequestHeaderBytes { get; init; } = 8 * 1024;

    /// <summary>Most response header lines accepted (a repeated name counts once per value); more is <c>limit</c>.</summary>
    public int MaxResponseHeaders { get; init; } = 64;

    /// <summary>Most bytes of response headers (<c>name: value\r\n</c> each, the status line not counted); more is <c>limit</c>.</summary>
    public int MaxResponseHeaderBytes { get; init; } = 8 * 1024;

    /// <summary>Null when the limits are usable, else what is wrong.</summary>
    public string? Validate()
    {
        if (Timeout <= TimeSpan.Zero)
        {
            return "the timeout must be positive";
        }

        if (MaxRequestBodyBytes < 0 || MaxResponseBodyBytes < 0 || MaxRequestBodyBytes > MaxBodyBound || MaxResponseBodyBytes > MaxBodyBound)
        {
            return $"body bounds must be between 0 and {MaxBodyBound} bytes";
        }

        if (MaxRequestHeaders < 0 || MaxRequestHeaderBytes < 0)
        {
            return "request header bounds must not be negative";
        }

        // A response always carries a few headers the stack needs (Content-Length, Date, ...).
        if (MaxResponseHeaders < 1 || MaxResponseHeaderBytes < 1024 || MaxResponseHeaderBytes > MaxBodyBound)
        {
            return $"response header bounds must allow at least 1 header and between 1024 and {MaxBodyBound} bytes";
        }

        return null;
    }

    /// <summary>The bytes one header line takes: <c>name: value\r\n</c>.</summary>
    internal static long HeaderLineBytes(string name, string value) => name.Length + 2L + value.Length + 2L;
}
