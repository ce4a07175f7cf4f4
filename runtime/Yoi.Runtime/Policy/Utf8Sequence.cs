namespace Yoi.Runtime.Policy;

/// <summary>What is wrong with one UTF-8 sequence, if anything.</summary>
internal enum Utf8Status
{
    Valid,
    /// <summary>The first byte cannot start a sequence (a continuation byte, or F8-FF).</summary>
    BadLead,
    /// <summary>Fewer continuation bytes follow than the first byte announces.</summary>
    CutShort,
    /// <summary>A longer form than needed (<c>C0 AE</c> for '.'): lenient decoders read it, strict ones refuse it.</summary>
    Overlong,
    Surrogate,
    TooLarge,
}

/// <summary>
/// Reads one UTF-8 sequence strictly (RFC 3629), saying what is wrong with it instead of substituting
/// U+FFFD as <see cref="System.Text.Encoding.UTF8"/> does, so refusals can name the problem.
/// </summary>
internal static class Utf8Sequence
{
    /// <param name="bytes">At least one byte; the sequence starts at <c>bytes[0]</c>.</param>
    /// <param name="codePoint">The value the bytes spell, also for <see cref="Utf8Status.Overlong"/>.</param>
    /// <param name="length">How many bytes the sequence took (for a bad one: how many belong to it).</param>
    public static Utf8Status Read(ReadOnlySpan<byte> bytes, out int codePoint, out int length)
    {
        var lead = bytes[0];
        int minimum;
        (length, minimum, codePoint) = lead switch
        {
            < 0x80 => (1, 0, lead),
            >= 0xC0 and < 0xE0 => (2, 0x80, lead & 0x1F),
            >= 0xE0 and < 0xF0 => (3, 0x800, lead & 0x0F),
            >= 0xF0 and < 0xF8 => (4, 0x10000, lead & 0x07),
            _ => (1, -1, 0),
        };

        if (minimum < 0)
        {
            return Utf8Status.BadLead;
        }

        for (var k = 1; k < length; k++)
        {
            if (k >= bytes.Length || (bytes[k] & 0xC0) != 0x80)
            {
                length = k;
                return Utf8Status.CutShort;
            }

            codePoint = (codePoint << 6) | (bytes[k] & 0x3F);
        }

        if (codePoint < minimum)
        {
            return Utf8Status.Overlong;
        }

        if (codePoint is >= 0xD800 and <= 0xDFFF)
        {
            return Utf8Status.Surrogate;
        }

        return codePoint > 0x10FFFF ? Utf8Status.TooLarge : Utf8Status.Valid;
    }

    /// <summary>A code point as a person reads it in a message: <c>'.'</c> when printable ASCII, else <c>U+00A9</c>.</summary>
    public static string Describe(int codePoint) =>
        codePoint is > 0x20 and < 0x7F ? $"'{(char)codePoint}'" : $"U+{codePoint:X4}";
}
