using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Yoi.Cli.Output;

/// <summary>
/// Writes one indented JSON document for <c>--json</c>. The relaxed encoder keeps non-ASCII text
/// readable and already writes C0, C1 and DEL as <c>\u</c> escapes, but leaves format characters
/// (U+202E and the other bidi controls, zero-width characters) and U+2028/U+2029 raw; those are
/// escaped here as well. Raw non-ASCII can only occur inside JSON strings, where <c>\uXXXX</c> means
/// the same character, so every value reads back unchanged.
/// </summary>
public static class JsonOutput
{
    public static void Write(TextWriter output, Action<Utf8JsonWriter> write)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            write(json);
        }

        output.WriteLine(EscapeInvisible(Encoding.UTF8.GetString(stream.ToArray())));
    }

    /// <summary>Only non-ASCII: raw ASCII controls in the output are the document's own line breaks.</summary>
    private static string EscapeInvisible(string json)
    {
        var escaped = new StringBuilder(json.Length);
        Span<char> units = stackalloc char[2];
        foreach (var rune in json.EnumerateRunes())
        {
            if (rune.IsAscii || !TerminalText.IsInvisible(rune))
            {
                escaped.Append(rune.ToString());
                continue;
            }

            foreach (var unit in units[..rune.EncodeToUtf16(units)])
            {
                escaped.Append($"\\u{(int)unit:X4}");
            }
        }

        return escaped.ToString();
    }
}
