namespace Yoi.Runtime.Policy;

/// <summary>
/// Canonical form of a URL path, so that prefix checks compare what the server will see. Where servers
/// read a path differently, it is refused (each case with its own <see cref="UrlErrorCode"/>).
/// <list type="bullet">
/// <item>Percent-escapes of unreserved characters are decoded (<c>%61</c> is <c>a</c>, <c>%2E</c> is <c>.</c>);
/// other escapes keep their meaning and get upper-case hex (<see cref="PathEscapes"/>).</item>
/// <item>Dot segments are removed after decoding (RFC 3986 §5.2.4); <c>..</c> above the root stays at the root.</item>
/// <item>An encoded <c>/</c> or <c>\</c>, a raw <c>\</c>, and encoded control characters are refused:
/// servers disagree on whether they separate segments.</item>
/// <item>Empty segments (<c>//</c>) are refused rather than collapsed: some servers collapse them and some
/// do not, so either silent choice would let a path mean one thing to the policy and another to the server.</item>
/// <item>Segments that are a dot segment or empty once matrix parameters are stripped (<c>..;x</c>, <c>.;x</c>,
/// <c>;x</c>) are refused: servers that strip parameters first see a dot segment, others a name.</item>
/// <item>Escapes that decode to '.', '/' or '' on a second decoding (<c>%252e</c>) are refused (<see cref="DoubleEncoding"/>).</item>
/// <item>Escapes that are not strict UTF-8 (overlong <c>%C0%AE</c> included), lone surrogates, and characters that
/// NFKC turns into '.', '/', '' or '%' are refused.</item>
/// <item>Characters outside the RFC 3986 path set (spaces are refused earlier) are percent-encoded as UTF-8.</item>
/// </list>
/// </summary>
public static class UrlPath
{
    public static Result<string, UrlError> Canonicalize(string rawPath) => Normalize(rawPath, resolveDotSegments: true);

    /// <summary>
    /// <see cref="Canonicalize"/> for a policy's path prefix: a '.' or '..' segment (also spelled
    /// <c>%2E</c>) is refused instead of resolved, because a prefix that means something else after
    /// normalisation is a trap.
    /// </summary>
    public static Result<string, UrlError> CanonicalizePrefix(string rawPrefix) => Normalize(rawPrefix, resolveDotSegments: false);

    private static Result<string, UrlError> Normalize(string rawPath, bool resolveDotSegments)
    {
        if (rawPath.Length == 0)
        {
            return Result<string, UrlError>.Ok("/");
        }

        if (rawPath[0] != '/')
        {
            return Fail(UrlErrorCode.InvalidPath, $"the path '{rawPath}' does not start with '/'");
        }

        if (!PathEscapes.Normalize(rawPath).TryGetValue(out var decoded, out var error))
        {
            return Result<string, UrlError>.Fail(error);
        }

        return DoubleEncoding.Find(decoded) is { } doubled
            ? Result<string, UrlError>.Fail(doubled)
            : RemoveDotSegments(decoded, resolveDotSegments);
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

    private static Result<string, UrlError> RemoveDotSegments(string path, bool resolveDotSegments)
    {
        var segments = path[1..].Split('/');
        var output = new List<string>();
        var trailingSlash = false;
        for (var i = 0; i < segments.Length; i++)
        {
            var segment = segments[i];
            var isLast = i == segments.Length - 1;
            trailingSlash = false;
            if (ParameterProblem(segment) is { } parameterProblem)
            {
                return Result<string, UrlError>.Fail(parameterProblem);
            }

            if (!resolveDotSegments && segment is "." or "..")
            {
                return Fail(UrlErrorCode.InvalidPath, $"the path must not contain '.' or '..' segments (found '{segment}' after decoding)");
            }

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

    /// <summary>
    /// Servers such as Tomcat and Jetty strip <c>;parameters</c> from each segment before resolving dot
    /// segments; others keep them as part of the name. A segment whose name is '.', '..' or empty once
    /// they are stripped means two different paths.
    /// </summary>
    private static UrlError? ParameterProblem(string segment)
    {
        var semicolon = segment.IndexOf(';');
        var encodedSemicolon = segment.IndexOf("%3B", StringComparison.Ordinal);
        var parametersAt = semicolon < 0 ? encodedSemicolon : encodedSemicolon < 0 ? semicolon : Math.Min(semicolon, encodedSemicolon);
        if (parametersAt < 0)
        {
            return null;
        }

        return segment[..parametersAt] switch
        {
            "" => new UrlError(UrlErrorCode.EmptyPathSegment,
                $"the segment '{segment}' is empty once its parameters are removed; some servers then see an empty segment ('//')"),
            "." or ".." => new UrlError(UrlErrorCode.DotSegmentWithParameters,
                $"the segment '{segment}' is refused: some servers treat it as a dot segment ('{segment[..parametersAt]}') once its parameters are removed, others as a name"),
            _ => null,
        };
    }

    internal static bool IsUnreserved(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~';

    private static Result<string, UrlError> Fail(UrlErrorCode code, string message) =>
        Result<string, UrlError>.Fail(new UrlError(code, message));
}
