using System.Globalization;
using System.Net;
using System.Text;
using CsCheck;

namespace Yoi.Runtime.Tests.Policy;

/// <summary>
/// Generators of URL text for the canonicalisation properties: every scheme in any case; hosts as
/// names, IDN labels, IPv4 in every encoding inet_aton reads, IPv6 in every spelling, localhost; ports
/// written or not (leading zeros too); paths with escapes, dot segments and non-ASCII; queries with
/// anything a plugin might write. Mostly valid, sometimes not, so refusals are exercised as well.
/// </summary>
internal static class UrlGen
{
    public static readonly Gen<string> Scheme = Gen.OneOf("ws", "wss", "http", "https", "WS", "Wss", "HTTP", "hTTps");

    private static readonly Gen<string> Label = Gen.OneOf(
        "a", "example", "api", "xn--bcher-kva", "b\u00FCcher", "B\u00DCCHER", "\u4F8B\u3048", "\u043F\u0440\u0438\u043C\u0435\u0440",
        "stra\u00DFe", "\uFF45\uFF58\uFF41\uFF4D\uFF50\uFF4C\uFF45", "EXAMPLE", "a-b", "x1", "1x", "-bad", "bad-", "under_score",
        new string('l', 63), new string('l', 64), "com", "local", "localhost", "0x1g", "123abc");

    /// <summary>DNS names, IDN included: one to four labels, an optional trailing dot, now and then an empty label.</summary>
    public static readonly Gen<string> DnsName = Gen.Select(Label.Array[1, 4], Gen.Int[0, 9], (labels, shape) =>
        string.Join('.', labels) + shape switch { 0 => ".", 1 => "..", _ => "" });

    /// <summary>An IPv4 address in 1 to 4 parts, each decimal, octal or hex, and the address it means.</summary>
    public static readonly Gen<(string Text, IPAddress Address)> Ipv4 = Ipv4Spelled(Gen.UInt);

    /// <summary>127.0.0.1 in any of those spellings.</summary>
    public static readonly Gen<string> LoopbackIpv4 = Ipv4Spelled(Gen.Const(0x7F000001u)).Select(v => v.Text);

    private static Gen<(string Text, IPAddress Address)> Ipv4Spelled(Gen<uint> values) => Gen.Select(
        values, Gen.Int[1, 4], Gen.Int[0, 3].Array[4], Gen.Bool, (value, parts, radixes, trailingDot) =>
        {
            var bytes = new[] { (byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value };
            var numbers = new List<ulong>();
            for (var i = 0; i < parts - 1; i++)
            {
                numbers.Add(bytes[i]);
            }

            // The last part holds the remaining bytes.
            ulong last = 0;
            for (var i = parts - 1; i < 4; i++)
            {
                last = (last << 8) | bytes[i];
            }

            numbers.Add(last);
            var text = string.Join('.', numbers.Select((n, i) => Number(n, radixes[i])));
            return (text + (trailingDot ? "." : ""), new IPAddress(bytes));
        });

    /// <summary>An IPv6 address spelled fully, compressed, in upper case, with zero padding or an IPv4 tail.</summary>
    public static readonly Gen<string> Ipv6 = Gen.Select(Gen.UShort.Array[8], Gen.Int[0, 5], Gen.Int[0, 7], (groups, spelling, zeros) =>
    {
        // Runs of zero groups make '::' compression interesting.
        for (var i = 0; i < zeros; i++)
        {
            groups[(i * 3) % 8] = 0;
        }

        var address = new IPAddress(groups.SelectMany(g => new[] { (byte)(g >> 8), (byte)g }).ToArray());
        var full = string.Join(':', groups.Select(g => g.ToString("x", CultureInfo.InvariantCulture)));
        return spelling switch
        {
            0 => address.ToString(),
            1 => full,
            2 => address.ToString().ToUpperInvariant(),
            3 => string.Join(':', groups.Select(g => g.ToString("x4", CultureInfo.InvariantCulture))),
            4 => $"::ffff:{groups[6] >> 8}.{groups[6] & 0xFF}.{groups[7] >> 8}.{groups[7] & 0xFF}",
            _ => $"{string.Join(':', groups.Take(6).Select(g => g.ToString("x", CultureInfo.InvariantCulture)))}:{groups[6] >> 8}.{groups[6] & 0xFF}.{groups[7] >> 8}.{groups[7] & 0xFF}",
        };
    });

    public static readonly Gen<string> Host = Gen.Frequency(
        (4, DnsName),
        (4, Ipv4.Select(v => v.Text)),
        (3, Ipv6.Select(v => $"[{v}]")),
        (1, Gen.OneOf("localhost", "LOCALHOST", "localhost.", "[::1]", "[::ffff:127.0.0.1]", "[fe80::1%25eth0]", "[::1", "", "%61.com")));

    public static readonly Gen<string> Port = Gen.Frequency(
        (4, Gen.Const("")),
        (1, Gen.OneOf(":80", ":443", ":0080", ":00443", ":", ":0", ":65536", ":8o")),
        (3, Gen.Int[1, 65535].Select(p => $":{p}")));

    /// <summary>One piece of a path or query: plain, reserved, escaped (any byte, either case), non-ASCII, or odd.</summary>
    private static readonly Gen<string> Piece = Gen.Frequency(
        (6, Gen.OneOf("a", "b", "Z", "0", "-", ".", "_", "~", "seg", "caf\u00E9", "\u65E5\u672C", "\uD83D\uDE00")),
        (3, Gen.OneOf("!", "$", "&", "'", "(", ")", "*", "+", ",", ";", "=", ":", "@")),
        (3, Gen.Select(Gen.Frequency((4, Gen.Byte[0x20, 0xFF]), (1, Gen.Byte)), Gen.Bool, (b, upper) => "%" + b.ToString(upper ? "X2" : "x2", CultureInfo.InvariantCulture))),
        (2, Gen.OneOf("%2e", "%2E", "%2e%2e", ".%2E", "%252e", "%25", "%7e", "%41", "%2f", "%5C", "%00", "%C0%AE", "%E2%80%AE")),
        (1, Gen.OneOf("\"", "<", ">", "[", "]", "{", "}", "|", "^", "`", "%", "%z", "%4", "\\", "?", "/")),
        (1, Gen.Char['\u00A0', '\uFFFF'].Select(c => c.ToString())));

    private static readonly Gen<string> Segment = Gen.Frequency(
        (16, Piece.Array[1, 4].Select(string.Concat)),
        (3, Gen.OneOf(".", "..", "%2e%2e", "..;x", ".%2E")),
        (1, Gen.Const("")));

    public static readonly Gen<string> Path = Gen.Frequency(
        (1, Gen.Const("")),
        (6, Gen.Select(Segment.Array[1, 6], Gen.Bool, (segments, trailing) => "/" + string.Join('/', segments) + (trailing ? "/" : ""))));

    public static readonly Gen<string> Query = Gen.Frequency(
        (3, Gen.Const("")),
        (1, Gen.Const("?")),
        (4, Piece.Array[1, 8].Select(pieces => "?" + string.Concat(pieces))));

    /// <summary>A whole URL from the parts above.</summary>
    public static readonly Gen<string> Url = Gen.Select(Scheme, Host, Port, Path, Query,
        (scheme, host, port, path, query) => $"{scheme}://{host}{port}{path}{query}");

    /// <summary>Any text at all, or a URL with one character changed: for "never throws".</summary>
    public static readonly Gen<string> AnyText = Gen.Frequency(
        (1, Gen.String),
        (1, Gen.Select(Url, Gen.Int[0, int.MaxValue], Gen.Char, (url, at, c) =>
        {
            var builder = new StringBuilder(url);
            builder[at % builder.Length] = c;
            return builder.ToString();
        })));

    private static string Number(ulong value, int radix) => radix switch
    {
        1 => "0" + Convert.ToString((long)value, 8),
        2 => "0x" + value.ToString("x", CultureInfo.InvariantCulture),
        3 => "0X" + value.ToString("X", CultureInfo.InvariantCulture),
        _ => value.ToString(CultureInfo.InvariantCulture),
    };
}
