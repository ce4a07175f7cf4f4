using Yoi.Runtime.Secrets;

namespace Yoi.Runtime.Requests;

/// <summary>Mirrors <c>request.http-request</c>: what a plugin asks to send.</summary>
/// <param name="Method">An HTTP method token, matched case-sensitively against the targets.</param>
/// <param name="Url">An <c>http://</c> or <c>https://</c> URL; the canonical form is what is sent.</param>
/// <param name="Headers">Extra request headers, in order; a name may repeat; a value may be a secret reference.</param>
/// <param name="Body">The request body, or null for none.</param>
public sealed record PluginHttpRequest(string Method, string Url, IReadOnlyList<PluginHeader> Headers, byte[]? Body)
{
    public PluginHttpRequest(string method, string url)
        : this(method, url, [], null)
    {
    }
}

/// <summary>
/// Mirrors <c>request.http-response</c>. Header names are lower-case, one entry per value, in the
/// order received. <see cref="Truncated"/> is true when the body was longer than the bound and was cut off.
/// </summary>
public sealed record PluginHttpResponse(ushort Status, IReadOnlyList<(string Name, string Value)> Headers, byte[] Body, bool Truncated)
{
    /// <summary>The first value of a header (case-insensitive name), or null.</summary>
    public string? Header(string name) =>
        Headers.Where(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

    public override string ToString() => $"{Status} ({Headers.Count} headers, {Body.Length} bytes{(Truncated ? ", truncated" : "")})";
}
