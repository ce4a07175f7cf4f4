namespace Yoi.Runtime.Policy;

/// <summary>
/// Which headers a plugin may set on a websocket upgrade or a request.
/// <list type="bullet">
/// <item>Credential-bearing headers are refused as plain values (a plugin never holds credentials;
/// it names a granted secret instead, see <see cref="CheckSecretName"/>): Authorization, Cookie,
/// any Proxy-*, and any name containing auth, token, secret, api-key/apikey/api_key, password,
/// session, credential, or a *-key of a known key-style header.</item>
/// <item>Headers the host's stack owns are refused: framing and connection management (Host,
/// Connection, Upgrade, Content-Length, Transfer-Encoding, TE, Trailer, Keep-Alive, Expect,
/// HTTP2-Settings), every Sec-* header, and <c>Origin</c>: servers use Origin to authorise
/// cross-site WebSocket use, so letting a plugin choose it would let it pose as a trusted page.
/// Forwarding headers (Forwarded, X-Forwarded-*, X-Real-IP) are refused too: they let a plugin
/// claim to be someone else.</item>
/// <item>Names must be tokens; values must be printable ASCII or tab (no CR, LF, NUL or other controls).</item>
/// </list>
/// </summary>
public static class HeaderPolicy
{
    private static readonly HashSet<string> ProtocolOwnedNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "Connection", "Upgrade", "Content-Length", "Transfer-Encoding", "TE", "Trailer",
        "Keep-Alive", "Expect", "HTTP2-Settings", "Origin", "Forwarded", "X-Real-IP", "Via",
    };

    private static readonly HashSet<string> CredentialNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "Authorization", "Cookie", "Cookie2", "Set-Cookie", "Set-Cookie2", "WWW-Authenticate",
    };

    private static readonly string[] CredentialFragments =
    [
        "auth", "token", "secret", "api-key", "apikey", "api_key", "access-key", "private-key",
        "subscription-key", "password", "passwd", "session", "credential", "cookie", "signature",
    ];

    /// <summary>Null when the header may be sent with this plain value.</summary>
    public static HeaderRefusal? Check(string name, string value)
    {
        if (!HttpToken.IsValid(name))
        {
            return new(name, HeaderRefusalReason.InvalidName, $"'{Printable(name)}' is not a valid header name");
        }

        if (CredentialRefusal(name) is { } credential)
        {
            return credential;
        }

        return ProtocolOwnedRefusal(name) ?? CheckValue(name, value);
    }

    /// <summary>
    /// Null when a secret may be sent under this header name: a valid token the protocol does not
    /// own. Credential names are what secrets are for, so they pass here.
    /// </summary>
    public static HeaderRefusal? CheckSecretName(string name) =>
        !HttpToken.IsValid(name)
            ? new(name, HeaderRefusalReason.InvalidName, $"'{Printable(name)}' is not a valid header name")
            : ProtocolOwnedRefusal(name);

    /// <summary>Null when <paramref name="value"/> may be written on the wire: printable ASCII and tab only.</summary>
    public static HeaderRefusal? CheckValue(string name, string value)
    {
        var bad = value.IndexOfAny(['\r', '\n', '\0']);
        if (bad >= 0)
        {
            return new(name, HeaderRefusalReason.InvalidValue, $"the value of '{name}' contains CR, LF or NUL at offset {bad}");
        }

        var other = value.ToList().FindIndex(c => c != '\t' && (c < 0x20 || c > 0x7E));
        if (other >= 0)
        {
            return new(name, HeaderRefusalReason.InvalidValue,
                $"the value of '{name}' contains U+{(int)value[other]:X4} at offset {other}; only printable ASCII and tab are allowed");
        }

        return null;
    }

    /// <summary>Every refusal, in order; empty when all headers may be sent.</summary>
    public static IReadOnlyList<HeaderRefusal> CheckAll(IEnumerable<(string Name, string Value)> headers) =>
        headers.Select(header => Check(header.Name, header.Value)).OfType<HeaderRefusal>().ToList();

    private static HeaderRefusal? CredentialRefusal(string name)
    {
        if (name.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase) || CredentialNames.Contains(name))
        {
            return new(name, HeaderRefusalReason.Credential, $"'{name}' carries credentials; a plugin may set it only to a granted secret");
        }

        var fragment = CredentialFragments.FirstOrDefault(f => name.Contains(f, StringComparison.OrdinalIgnoreCase));
        return fragment is not null && !name.StartsWith("Sec-", StringComparison.OrdinalIgnoreCase)
            ? new(name, HeaderRefusalReason.Credential, $"'{name}' looks like a credential header (contains '{fragment}'); a plugin may set it only to a granted secret")
            : null;
    }

    private static HeaderRefusal? ProtocolOwnedRefusal(string name) =>
        name.StartsWith("Sec-", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("X-Forwarded-", StringComparison.OrdinalIgnoreCase)
        || ProtocolOwnedNames.Contains(name)
            ? new(name, HeaderRefusalReason.ProtocolOwned, $"'{name}' is set by the host, not by plugins")
            : null;

    private static string Printable(string text) =>
        string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString()));
}
