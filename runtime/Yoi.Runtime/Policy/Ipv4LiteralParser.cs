using System.Globalization;
using System.Net;

namespace Yoi.Runtime.Policy;

/// <summary>
/// Reads IPv4 literals the way resolvers (inet_aton) and browsers (WHATWG URL) do, so a
/// host such as <c>2130706433</c>, <c>0x7f.1</c> or <c>0177.0.0.1</c> is recognised as
/// 127.0.0.1 instead of slipping past the policy as a "name".
/// </summary>
internal static class Ipv4LiteralParser
{
    /// <summary>
    /// True when the last label is numeric (decimal or 0x-hex). Such a host must parse as
    /// IPv4 or be refused: treating it as a DNS name would let a resolver read it as an address.
    /// </summary>
    public static bool EndsInNumber(string host)
    {
        var last = host[(host.LastIndexOf('.') + 1)..];
        if (last.Length == 0)
        {
            return false;
        }

        if (last.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return last[2..].All(char.IsAsciiHexDigit);
        }

        return last.All(char.IsAsciiDigit);
    }

    /// <summary>Parses 1 to 4 dot-separated decimal, octal (leading 0) or hex (0x) parts.</summary>
    public static IPAddress? TryParse(string host)
    {
        var parts = host.Split('.');
        if (parts.Length > 4)
        {
            return null;
        }

        var numbers = new ulong[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var number = TryParsePart(parts[i]);
            if (number is null)
            {
                return null;
            }

            numbers[i] = number.Value;
        }

        // Every part but the last is one byte; the last fills the remaining bytes.
        for (var i = 0; i < numbers.Length - 1; i++)
        {
            if (numbers[i] > 255)
            {
                return null;
            }
        }

        var lastBytes = 5 - numbers.Length;
        var lastLimit = (1UL << (8 * lastBytes)) - 1;
        if (numbers[^1] > lastLimit)
        {
            return null;
        }

        ulong value = numbers[^1];
        for (var i = 0; i < numbers.Length - 1; i++)
        {
            value |= numbers[i] << (8 * (3 - i));
        }

        var bytes = new[] { (byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value };
        return new IPAddress(bytes);
    }

    private static ulong? TryParsePart(string part)
    {
        if (part.Length == 0 || part.Length > 16)
        {
            return null;
        }

        if (part.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            var hex = part[2..];
            if (hex.Length == 0)
            {
                return 0; // "0x" alone means zero to inet_aton and WHATWG alike.
            }

            return ulong.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var h) ? h : null;
        }

        if (!part.All(char.IsAsciiDigit))
        {
            return null;
        }

        if (part.Length > 1 && part[0] == '0')
        {
            ulong octal = 0;
            foreach (var c in part[1..])
            {
                if (c > '7')
                {
                    return null;
                }

                octal = (octal * 8) + (ulong)(c - '0');
            }

            return octal;
        }

        return ulong.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? d : null;
    }
}
