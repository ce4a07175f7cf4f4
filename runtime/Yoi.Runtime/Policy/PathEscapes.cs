using System.Text;

namespace Yoi.Runtime.Policy;

/// <summary>
/// The first step of <see cref="UrlPath"/>: percent-escapes decoded once into one spelling, and every
/// character or escape that servers read differently refused, each with its own error.
/// </summary>
internal static class PathEscapes
{
    /// <summary>
    /// Unreserved escapes decoded, other escapes kept with upper-case hex, other characters encoded as
    /// UTF-8. Refused: a raw or encoded '\', an encoded '/', encoded controls, escapes that are not
    /// UTF-8 (overlong forms included), lone surrogates, and characters NFKC turns into '.', '/', '\' or '%'.
    /// </summary>
    public static Result<string, UrlError> Normalize(string path)
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
                if (!TryReadEscape(path, i, out var value))
                {
                    return Fail(UrlErrorCode.InvalidPercentEncoding, $"malformed percent-escape at offset {i} of the path");
                }

                var problem = value < 0x80 ? AppendAsciiEscape(builder, value, ref i) : AppendUtf8Escapes(builder, path, ref i);
                if (problem is not null)
                {
                    return Result<string, UrlError>.Fail(problem);
                }

                continue;
            }

            if (UrlPath.IsUnreserved(c) || IsSubDelimiter(c) || c is ':' or '@' or '/')
            {
                builder.Append(c);
                continue;
            }

            var encoded = AppendCharacterEscaped(builder, path, ref i);
            if (encoded is not null)
            {
                return Result<string, UrlError>.Fail(encoded);
            }
        }

        return Result<string, UrlError>.Ok(builder.ToString());
    }

    /// <summary>True when <paramref name="text"/> has <c>%HH</c> at <paramref name="index"/> (either case of hex).</summary>
    public static bool TryReadEscape(string text, int index, out byte value)
    {
        value = 0;
        if (index + 2 >= text.Length || !char.IsAsciiHexDigit(text[index + 1]) || !char.IsAsciiHexDigit(text[index + 2]))
        {
            return false;
        }

        value = (byte)((HexValue(text[index + 1]) << 4) | HexValue(text[index + 2]));
        return true;
    }

    /// <summary>The bytes of consecutive escapes of non-ASCII bytes starting at <paramref name="index"/>.</summary>
    public static List<byte> ReadHighEscapes(string text, int index)
    {
        var bytes = new List<byte>();
        while (index < text.Length && text[index] == '%' && TryReadEscape(text, index, out var value) && value >= 0x80)
        {
            bytes.Add(value);
            index += 3;
        }

        return bytes;
    }

    public static string EscapeText(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            text.Append('%').Append(b.ToString("X2"));
        }

        return text.ToString();
    }

    private static UrlError? AppendAsciiEscape(StringBuilder builder, byte value, ref int index)
    {
        index += 2;
        if (value is (byte)'/' or (byte)'\\')
        {
            return new UrlError(UrlErrorCode.EncodedSlash, $"an encoded '{(char)value}' (%{value:X2}) in the path is refused");
        }

        if (value < 0x20 || value == 0x7F)
        {
            return new UrlError(UrlErrorCode.EncodedControlCharacter, $"an encoded control character (%{value:X2}) in the path is refused");
        }

        if (UrlPath.IsUnreserved((char)value))
        {
            builder.Append((char)value);
        }
        else
        {
            builder.Append('%').Append(value.ToString("X2"));
        }

        return null;
    }

    /// <summary>
    /// A run of escaped non-ASCII bytes must be strict UTF-8: some servers decode an overlong
    /// <c>%C0%AE</c> as '.', others refuse it or keep the bytes, so the policy cannot know which path is meant.
    /// </summary>
    private static UrlError? AppendUtf8Escapes(StringBuilder builder, string path, ref int index)
    {
        var bytes = ReadHighEscapes(path, index).ToArray();
        for (var at = 0; at < bytes.Length;)
        {
            var status = Utf8Sequence.Read(bytes.AsSpan(at), out var codePoint, out var length);
            var escapes = EscapeText(bytes.AsSpan(at, length));
            var problem = status switch
            {
                Utf8Status.Valid => LookalikeProblem(codePoint),
                Utf8Status.Overlong => new UrlError(UrlErrorCode.OverlongUtf8,
                    $"{escapes} is an overlong UTF-8 form of {Utf8Sequence.Describe(codePoint)} and is refused: some servers decode it to {Utf8Sequence.Describe(codePoint)}, others refuse it"),
                Utf8Status.BadLead => NotUtf8($"{escapes} cannot start a UTF-8 sequence"),
                Utf8Status.CutShort => NotUtf8($"{escapes} is cut short (%{bytes[at]:X2} starts a longer sequence)"),
                Utf8Status.Surrogate => NotUtf8($"{escapes} encodes the surrogate U+{codePoint:X4}"),
                _ => NotUtf8($"{escapes} encodes U+{codePoint:X}, beyond U+10FFFF"),
            };
            if (problem is not null)
            {
                return problem;
            }

            builder.Append(escapes);
            at += length;
        }

        // Leave index on the last hex digit; the loop in Normalize steps past it.
        index += (bytes.Length * 3) - 1;
        return null;
    }

    private static UrlError? AppendCharacterEscaped(StringBuilder builder, string text, ref int index)
    {
        if (!Rune.TryGetRuneAt(text, index, out var rune))
        {
            return new UrlError(UrlErrorCode.InvalidUtf8, $"a lone surrogate (U+{(int)text[index]:X4}) in the path is not valid Unicode and has no UTF-8 form");
        }

        if (LookalikeProblem(rune.Value) is { } lookalike)
        {
            return lookalike;
        }

        Span<byte> utf8 = stackalloc byte[4];
        var length = rune.EncodeToUtf8(utf8);
        builder.Append(EscapeText(utf8[..length]));
        index += rune.Utf16SequenceLength - 1;
        return null;
    }

    /// <summary>
    /// Stacks that apply Unicode compatibility normalisation read U+FF0E as '.', U+FF0F as '/',
    /// U+FF3C as '\' and U+FF05 as '%'; the policy would see a name where they see a dot segment,
    /// a separator or an escape.
    /// </summary>
    private static UrlError? LookalikeProblem(int codePoint)
    {
        if (codePoint < 0x80)
        {
            return null;
        }

        // Noncharacters (U+FDD0-U+FDEF, U+xFFFE, U+xFFFF) are reserved for internal use and have no
        // normal form: normalisation throws on them, and stacks disagree on what they mean.
        if (codePoint is >= 0xFDD0 and <= 0xFDEF || (codePoint & 0xFFFE) == 0xFFFE)
        {
            return new UrlError(UrlErrorCode.NonCharacter, $"U+{codePoint:X4} in the path is refused: it is a Unicode noncharacter");
        }

        var normalized = char.ConvertFromUtf32(codePoint).Normalize(NormalizationForm.FormKC);
        return normalized.AsSpan().IndexOfAny("./\\%") < 0
            ? null
            : new UrlError(UrlErrorCode.LookalikeCharacter,
                $"U+{codePoint:X4} in the path is refused: Unicode compatibility normalisation (NFKC) turns it into '{normalized}'");
    }

    private static UrlError NotUtf8(string problem) =>
        new(UrlErrorCode.InvalidUtf8, $"the path's percent-escapes are not UTF-8: {problem}");

    private static int HexValue(char c) => char.IsAsciiDigit(c) ? c - '0' : (char.ToLowerInvariant(c) - 'a') + 10;

    private static bool IsSubDelimiter(char c) =>
        c is '!' or '$' or '&' or '\'' or '(' or ')' or '*' or '+' or ',' or ';' or '=';

    private static Result<string, UrlError> Fail(UrlErrorCode code, string message) =>
        Result<string, UrlError>.Fail(new UrlError(code, message));
}
