namespace Yoi.Runtime.Policy;

/// <summary>
/// Finds escapes that are themselves escaped (<c>%252e</c>, <c>%25%32%65</c>, <c>%25c0%25ae</c>) and
/// become '.', '/' or '\' when a server (or a proxy and then the server) decodes the path more than
/// once. The policy decodes once, so it would see a name where such a server sees a dot segment or a
/// separator.
/// </summary>
internal static class DoubleEncoding
{
    /// <param name="path">The path after <see cref="PathEscapes.Normalize"/>: escapes upper-case, none of them '.', '/' or '\'.</param>
    public static UrlError? Find(string path)
    {
        var text = path;
        for (var decodings = 1; text.Contains("%25", StringComparison.Ordinal); decodings++)
        {
            // What the next decoding sees: each %25 is a '%' that may start another escape.
            text = text.Replace("%25", "%", StringComparison.Ordinal);
            if (FirstSeparatorOrDot(text) is { } found)
            {
                return new UrlError(UrlErrorCode.DoubleEncoding,
                    $"a double-encoded '{found.Character}' in the path is refused: decoded {Times(decodings)} it reads {found.Escape}, " +
                    $"so a server that decodes {Times(decodings + 1)} sees '{found.Character}'");
            }
        }

        return null;
    }

    /// <summary>The first escape in <paramref name="text"/> that decodes to '.', '/' or '\', directly or as an overlong UTF-8 form.</summary>
    private static (char Character, string Escape)? FirstSeparatorOrDot(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '%' || !PathEscapes.TryReadEscape(text, i, out var value))
            {
                continue;
            }

            if (value < 0x80)
            {
                if (IsSeparatorOrDot(value))
                {
                    return ((char)value, text.Substring(i, 3).ToUpperInvariant());
                }

                continue;
            }

            var bytes = PathEscapes.ReadHighEscapes(text, i).ToArray();
            for (var at = 0; at < bytes.Length;)
            {
                var status = Utf8Sequence.Read(bytes.AsSpan(at), out var codePoint, out var length);
                if (status == Utf8Status.Overlong && IsSeparatorOrDot(codePoint))
                {
                    return ((char)codePoint, PathEscapes.EscapeText(bytes.AsSpan(at, length)));
                }

                at += length;
            }

            i += (bytes.Length * 3) - 1;
        }

        return null;
    }

    private static bool IsSeparatorOrDot(int value) => value is '.' or '/' or '\\';

    private static string Times(int count) => count switch
    {
        1 => "once",
        2 => "twice",
        _ => $"{count} times",
    };
}
