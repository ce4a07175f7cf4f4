using System.Text;

namespace Yoi.Runtime.Policy;

/// <summary>
/// Canonical form of a URL path, so that prefix checks compare what the server will see.
/// <list type="bullet">
/// <item>Percent-escapes of unreserved characters are decoded (<c>%61</c> is <c>a</c>, <c>%2E</c> is <c>.</c>);
/// other escapes keep their meaning and get upper-case hex.</item>
/// <item>Dot segments are removed after decoding (RFC 3986 §5.2.4); <c>..</c> above the root stays at the root.</item>
/// <item>An encoded <c>/</c> or <c>\</c>, a raw <c>\</c>, and encoded control characters are refused:
/// servers disagree on whether they separate segments.</item>
/// <item>Empty segments (<c>//</c>) are refused rather than collapsed: some servers collapse them and some
/// do not, so either silent choice would let a path mean one thing to the policy and another to the server.</item>
/// <item>Characters outside the RFC 3986 path set (spaces are refused earlier) are percent-encoded as UTF-8.</item>
/// </list>
/// </summary>
public static class UrlPath
{
    public static Result<string, UrlError> Canonicalize(string rawPath)
    {
        if (rawPath.Length == 0)
        {
            return Result<string, UrlError>.Ok("/");
        }

        if (rawPath[0] != '/')
        {
            return Fail(UrlErrorCode.InvalidPath, $"the path '{rawPath}' does not start with '/'");
        }

        var decoded = NormalizeEscapes(rawPath);
        return decoded.IsOk ? RemoveDotSegments(decoded.Value) : decoded;
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="prefix"/> or lies below it on a segment boundary.</summary>
    public static bool IsUnderPrefix(string path, string prefix)
    {
        if (prefix == "/" || path == prefix)
        {
            return true;
        }

        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            return false;
        }

        return prefix.EndsWith('/') || path[prefix.Length] == '/';
    }

    private static Result<string, UrlError> NormalizeEscapes(string path)
    {
        var builder = new StringBuilder(path.Length);
        for (var i = 0; i < path.Length; i++)
        {
            var c = path[i];
            if (c == '\\')
            {
                return Fail(UrlErrorCode.Backslash, "a '\\' in the path is refused (servers may treat it as '/')");
            }

            if (c == '%')
            {
                if (i + 2 >= path.Length || !char.IsAsciiHexDigit(path[i + 1]) || !char.IsAsciiHexDigit(path[i + 2]))
                {
                    return Fail(UrlErrorCode.InvalidPercentEncoding, $"malformed percent-escape at offset {i} of the path");
                }

                var value = Convert.ToByte(path.Substring(i + 1, 2), 16);
                i += 2;
                if (value is (byte)'/' or (byte)'\\')
                {
                    return Fail(UrlErrorCode.EncodedSlash, $"an encoded '{(char)value}' (%{value:X2}) in the path is refused");
                }

                if (value < 0x20 || value == 0x7F)
                {
                    return Fail(UrlErrorCode.EncodedControlCharacter, $"an encoded control character (%{value:X2}) in the path is refused");
                }

                if (IsUnreserved((char)value))
                {
                    builder.Append((char)value);
                }
                else
                {
                    builder.Append('%').Append(value.ToString("X2"));
                }

                continue;
            }

            if (IsUnreserved(c) || IsSubDelimiter(c) || c is ':' or '@' or '/')
            {
                builder.Append(c);
                continue;
            }

            AppendUtf8Escaped(builder, path, ref i);
        }

        return Result<string, UrlError>.Ok(builder.ToString());
    }

    private static Result<string, UrlError> RemoveDotSegments(string path)
    {
        var segments = path[1..].Split('/');
        var output = new List<string>();
        var trailingSlash = false;
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var isLast = i == segments.Length - 1;
            trailingSlash = false;
            switch (segment)
            {
                case "" when !isLast:
                    return Fail(UrlErrorCode.EmptyPathSegment, $"the path '{path}' has an empty segment ('//')");
                case "":
                    trailingSlash = output.Count > 0;
                    break;
                case ".":
                    trailingSlash = isLast && output.Count > 0;
                    break;
                case "..":
                    if (output.Count > 0)
                    {
                        output.RemoveAt(output.Count - 1);
                    }

                    trailingSlash = isLast && output.Count > 0;
                    break;
                default:
                    output.Add(segment);
                    break;
            }
        }

        var result = "/" + string.Join('/', output) + (trailingSlash ? "/" : "");
        return Result<string, UrlError>.Ok(result);
    }

    private static void AppendUtf8Escaped(StringBuilder builder, string text, ref int index)
    {
        var length = char.IsHighSurrogate(text[index]) && index + 1 < text.Length ? 2 : 1;
        foreach (var b in Encoding.UTF8.GetBytes(text.Substring(index, length)))
        {
            builder.Append('%').Append(b.ToString("X2"));
        }

        index += length - 1;
    }

    internal static bool IsUnreserved(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';

    private static bool IsSubDelimiter(char c) =>
        c is '!' or '$' or '&' or '\'' or '(' or ')' or '*' or '+' or ',' or ';' or '=';

    private static Result<string, UrlError> Fail(UrlErrorCode code, string message) =>
        Result<string, UrlError>.Fail(new UrlError(code, message));
}
