using System.Globalization;

namespace Yoi.Runtime.Policy;

/// <summary>
/// A ws/wss/http/https URL parsed once into canonical parts. Policy compares these parts, never
/// raw strings, and the connector must send <see cref="ToString"/> (not the plugin's text) so what
/// was checked is what goes on the wire.
/// </summary>
public sealed record CanonicalUrl
{
    public const int MaxLength = 8192;

    private CanonicalUrl(string scheme, UrlHost host, int port, string path, string? query)
    {
        Scheme = scheme;
        Host = host;
        Port = port;
        Path = path;
        Query = query;
    }

    /// <summary>Lower-case: ws, wss, http or https.</summary>
    public string Scheme { get; }

    public UrlHost Host { get; }

    /// <summary>Explicit port, or the scheme default (80 for ws/http, 443 for wss/https).</summary>
    public int Port { get; }

    /// <summary>Canonical path, always starting with '/'; see <see cref="UrlPath"/>.</summary>
    public string Path { get; }

    /// <summary>The query without '?', in the form it is sent (see <see cref="UrlQuery"/>); null when the URL had no '?'.</summary>
    public string? Query { get; }

    public bool IsSecure => Scheme is "wss" or "https";

    /// <summary>Host plus port when it is not the scheme default, as sent in the Host header.</summary>
    public string Authority => Port == DefaultPort(Scheme) ? Host.UrlText : $"{Host.UrlText}:{Port}";

    /// <summary>Path plus "?query" when present, as sent on the request line.</summary>
    public string PathAndQuery => Query is null ? Path : $"{Path}?{Query}";

    public static int DefaultPort(string scheme) => scheme is "wss" or "https" ? 443 : 80;

    public static bool IsSupportedScheme(string scheme) => scheme is "ws" or "wss" or "http" or "https";

    public static Result<CanonicalUrl, UrlError> Parse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Fail(UrlErrorCode.Empty, "the URL is empty");
        }

        if (text.Length > MaxLength)
        {
            return Fail(UrlErrorCode.TooLong, $"the URL is longer than {MaxLength} characters");
        }

        var forbiddenAt = IndexOfForbiddenCharacter(text);
        if (forbiddenAt >= 0)
        {
            return Fail(UrlErrorCode.ControlOrWhitespace, $"the URL contains a control, whitespace or invisible character (U+{(int)text[forbiddenAt]:X4}) at offset {forbiddenAt}");
        }

        var surrogateAt = IndexOfUnpairedSurrogate(text);
        if (surrogateAt >= 0)
        {
            return Fail(UrlErrorCode.UnpairedSurrogate, $"the URL contains an unpaired surrogate (U+{(int)text[surrogateAt]:X4}) at offset {surrogateAt}");
        }

        if (text.Contains('#'))
        {
            return Fail(UrlErrorCode.Fragment, "fragments ('#...') are not allowed");
        }

        var schemeEnd = text.IndexOf(':');
        if (schemeEnd <= 0 || !IsSchemeText(text[..schemeEnd]))
        {
            return Fail(UrlErrorCode.MissingScheme, "the URL has no scheme (expected ws://, wss://, http:// or https://)");
        }

        var scheme = text[..schemeEnd].ToLowerInvariant();
        if (!IsSupportedScheme(scheme))
        {
            return Fail(UrlErrorCode.UnsupportedScheme, $"the scheme '{scheme}' is not allowed (only ws, wss, http, https)");
        }

        var rest = text[(schemeEnd + 1)..];
        if (!rest.StartsWith("//", StringComparison.Ordinal))
        {
            return Fail(UrlErrorCode.MissingAuthority, "expected '//' and a host after the scheme");
        }

        rest = rest[2..];
        var authorityEnd = rest.IndexOfAny(['/', '?', '\\']);
        var authority = authorityEnd < 0 ? rest : rest[..authorityEnd];
        var afterAuthority = authorityEnd < 0 ? "" : rest[authorityEnd..];
        if (afterAuthority.StartsWith('\\'))
        {
            return Fail(UrlErrorCode.Backslash, "a '\\' after the host is refused (some parsers treat it as '/')");
        }

        if (authority.Contains('@'))
        {
            return Fail(UrlErrorCode.UserInfo, "credentials in the URL ('user@host') are not allowed");
        }

        var hostAndPort = SplitPort(authority);
        if (!hostAndPort.TryGetValue(out var split, out var splitError))
        {
            return Result<CanonicalUrl, UrlError>.Fail(splitError);
        }

        var host = HostNameCanonicalizer.Canonicalize(split.Host);
        if (!host.TryGetValue(out var canonicalHost, out var hostError))
        {
            return Result<CanonicalUrl, UrlError>.Fail(hostError);
        }

        var queryStart = afterAuthority.IndexOf('?');
        var rawPath = queryStart < 0 ? afterAuthority : afterAuthority[..queryStart];
        var query = queryStart < 0 ? null : UrlQuery.Canonicalize(afterAuthority[(queryStart + 1)..]);
        var path = UrlPath.Canonicalize(rawPath);
        if (!path.TryGetValue(out var canonicalPath, out var pathError))
        {
            return Result<CanonicalUrl, UrlError>.Fail(pathError);
        }

        var port = split.Port ?? DefaultPort(scheme);
        return Result<CanonicalUrl, UrlError>.Ok(new CanonicalUrl(scheme, canonicalHost, port, canonicalPath, query));
    }

    public override string ToString() => $"{Scheme}://{Authority}{PathAndQuery}";

    private static Result<(string Host, int? Port), UrlError> SplitPort(string authority)
    {
        // A ':' outside IPv6 brackets starts the port.
        var closeBracket = authority.StartsWith('[') ? authority.IndexOf(']') : -1;
        if (authority.StartsWith('[') && closeBracket < 0)
        {
            return Result<(string, int?), UrlError>.Fail(new UrlError(UrlErrorCode.InvalidIpLiteral, $"the IPv6 literal in '{authority}' has no closing ']'"));
        }

        if (closeBracket >= 0 && closeBracket + 1 < authority.Length && authority[closeBracket + 1] != ':')
        {
            return Result<(string, int?), UrlError>.Fail(new UrlError(UrlErrorCode.InvalidIpLiteral, $"unexpected text after the IPv6 literal in '{authority}'"));
        }

        var colon = authority.IndexOf(':', closeBracket < 0 ? 0 : closeBracket);
        if (colon < 0)
        {
            return Result<(string, int?), UrlError>.Ok((authority, null));
        }

        var port = ParsePort(authority[(colon + 1)..]);
        return port.TryGetValue(out var value, out var portError)
            ? Result<(string, int?), UrlError>.Ok((authority[..colon], value))
            : Result<(string, int?), UrlError>.Fail(portError);
    }

    /// <summary>ASCII digits only, at most five of them (so "0080" is 80), and 1-65535; each failure says which rule it broke.</summary>
    private static Result<int, UrlError> ParsePort(string text)
    {
        if (text.Length == 0)
        {
            return Result<int, UrlError>.Fail(new UrlError(UrlErrorCode.EmptyPort, "the port is empty (nothing follows ':')"));
        }

        var notDigit = text.AsSpan().IndexOfAnyExceptInRange('0', '9');
        if (notDigit >= 0)
        {
            return Result<int, UrlError>.Fail(new UrlError(UrlErrorCode.InvalidPort, $"the port '{text}' is not a number ('{text[notDigit]}' is not a digit)"));
        }

        if (text.Length > 5)
        {
            return Result<int, UrlError>.Fail(new UrlError(UrlErrorCode.PortTooLong, $"the port '{text}' has {text.Length} digits; a port has at most 5 (1-65535)"));
        }

        var port = int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        return port is < 1 or > 65535
            ? Result<int, UrlError>.Fail(new UrlError(UrlErrorCode.PortOutOfRange, $"the port {port} is outside 1-65535"))
            : Result<int, UrlError>.Ok(port);
    }

    private static bool IsSchemeText(string text) =>
        char.IsAsciiLetter(text[0]) && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.');

    private static int IndexOfForbiddenCharacter(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (IsForbiddenCharacter(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A lone surrogate is not text: encoders replace it with U+FFFD, so it cannot mean one URL.</summary>
    private static int IndexOfUnpairedSurrogate(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsForbiddenCharacter(char c) =>
        char.IsControl(c) || char.IsWhiteSpace(c)
        || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    private static Result<CanonicalUrl, UrlError> Fail(UrlErrorCode code, string message) =>
        Result<CanonicalUrl, UrlError>.Fail(new UrlError(code, message));
}
