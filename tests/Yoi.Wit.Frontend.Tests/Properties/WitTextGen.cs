using System.Text;
using CsCheck;

namespace Yoi.Wit.Frontend.Tests.Properties;

/// <summary>Generators of WIT-ish text: token soup, and valid samples with a few mutations.</summary>
internal static class WitTextGen
{
    private static readonly string[] Keywords =
    [
        "package", "interface", "world", "use", "type", "func", "async", "static", "constructor", "resource",
        "record", "variant", "enum", "flags", "import", "export", "include", "with", "as", "from",
        "own", "borrow", "list", "map", "option", "result", "tuple", "future", "stream", "error-context", "_",
        "u8", "u16", "u32", "u64", "s8", "s16", "s32", "s64", "f32", "f64", "char", "bool", "string",
    ];

    private static readonly string[] Punctuation =
        ["{", "}", "(", ")", "<", ">", ",", ";", ":", ".", "/", "=", "->", "@", "*", "+", "-"];

    private static readonly string[] Names =
    [
        "a", "foo", "foo-bar", "a-b-c", "%interface", "%a", "%", "ABC", "Foo-Bar", "a1", "x-1", "-", "--",
        "a--b", "a-", "wasi", "ns:pkg", "ns:pkg/iface", "ns:pkg/iface@1.0.0", "ns:pkg@1.0.0", "self",
    ];

    private static readonly string[] Numbers =
    [
        "0", "1", "4", "01", "1.0.0", "0.1.0", "@1.0.0", "@0.2.0-rc.1+build.5", "1.2", "1.2.3.4", "01.2.3",
        "1.0.0-", "1.0.0+", "99999999999999999999", "4294967296",
    ];

    private static readonly string[] Trivia =
    [
        " ", "  ", "\n", "\t", "\r\n", "\r", "// comment\n", "/// doc\n", "/* block */", "/** doc */",
        "/* /* nested */ */", "/* unterminated", "/*", "//", "\u00A0", "\uFEFF",
    ];

    private static readonly string[] Attributes =
    [
        "@since(version = 1.0.0)", "@unstable(feature = active)", "@unstable(feature = off)",
        "@deprecated(version = 0.1.0)", "@since(version = 9.9.9)", "@since(feature = x)", "@unknown",
    ];

    /// <summary>Any UTF-16 unit, lone surrogates and controls included.</summary>
    private static readonly Gen<string> AnyChar = Gen.Char.Select(c => c.ToString());

    /// <summary>One lexical fragment, mostly real WIT tokens, sometimes any character.</summary>
    public static readonly Gen<string> Fragment = Gen.Frequency(
        (6, Gen.OneOf(Keywords)),
        (6, Gen.OneOf(Punctuation)),
        (5, Gen.OneOf(Names)),
        (2, Gen.OneOf(Numbers)),
        (4, Gen.OneOf(Trivia)),
        (1, Gen.OneOf(Attributes)),
        (1, AnyChar));

    /// <summary>Strings biased to WIT tokens: fragments joined by nothing or a space.</summary>
    public static readonly Gen<string> TokenSoup =
        Gen.Select(Fragment.Array[0, 80], Gen.Bool, (parts, spaced) => string.Join(spaced ? " " : "", parts));

    /// <summary>One edit of a text, positions taken modulo its length.</summary>
    public static readonly Gen<Func<string, string>> Mutation = Gen.Select(
        Gen.Int[0, 5], Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue], Gen.Int[0, 40], Fragment,
        (kind, at, to, length, fragment) => (Func<string, string>)(text => Edit(text, kind, at, to, length, fragment)));

    /// <summary>A valid sample with one to four edits (delete, insert, duplicate, replace, truncate, move).</summary>
    public static readonly Gen<string> MutatedSample =
        Gen.Select(Gen.Int[0, int.MaxValue], Mutation.Array[1, 4], (pick, edits) =>
        {
            var text = WitSamples.All[pick % WitSamples.All.Count];
            return edits.Aggregate(text, (current, edit) => edit(current));
        });

    /// <summary>Any of the above, for properties that take any text.</summary>
    public static readonly Gen<string> AnyText = Gen.Frequency((1, TokenSoup), (1, MutatedSample));

    private static string Edit(string text, int kind, int at, int to, int length, string fragment)
    {
        var start = text.Length == 0 ? 0 : at % (text.Length + 1);
        var count = Math.Min(length, text.Length - start);
        var slice = text.Substring(start, count);
        var rest = text.Remove(start, count);
        return kind switch
        {
            0 => rest,
            1 => text.Insert(start, fragment),
            2 => text.Insert(start, slice),
            3 => rest.Insert(start, fragment),
            4 => text[..start],
            _ => rest.Insert(rest.Length == 0 ? 0 : to % (rest.Length + 1), slice),
        };
    }

    /// <summary>Printable form for failure reports: control and non-ASCII characters escaped.</summary>
    public static string Show(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                _ when c < ' ' || c > '~' => $"\\u{(int)c:X4}",
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }
}
