using System.Buffers;
using System.Globalization;
using System.Text;

namespace Yoi.Cli.Output;

/// <summary>
/// Makes text the CLI echoes from its input (URLs, methods, header names, subprotocols, WIT names,
/// plugin ids and names, file paths, and messages that quote them) safe to print on a terminal. C0
/// and C1 controls, DEL, Unicode format characters (bidi overrides and isolates such as U+202E,
/// zero-width characters), line and paragraph separators and lone surrogates become visible
/// <c>\u{1B}</c>-style escapes, so echoed text cannot end a line early, add a fake <c>verdict</c> line,
/// move the cursor, recolour or reorder what follows. Every text writer in the CLI goes through here.
/// </summary>
public static class TerminalText
{
    /// <summary>For one line: every control character is escaped, line breaks included.</summary>
    public static string Escape(string text) => Escape(text, keepLineBreaks: false);

    /// <summary>For text that is meant to span lines (what a plugin returned): '\n' stays, everything else as <see cref="Escape(string)"/>.</summary>
    public static string EscapeKeepingLines(string text) => Escape(text, keepLineBreaks: true);

    /// <summary>Writes <paramref name="line"/> escaped, then a line break.</summary>
    public static void WriteEscapedLine(this TextWriter writer, string line) => writer.WriteLine(Escape(line));

    /// <summary>True for what a terminal acts on or hides: controls, format characters, line and paragraph separators.</summary>
    public static bool IsInvisible(Rune rune) =>
        Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;

    private static string Escape(string text, bool keepLineBreaks)
    {
        var escaped = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length;)
        {
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var rune, out var consumed) != OperationStatus.Done)
            {
                // A lone surrogate is not a character at all: show the code unit.
                escaped.Append(Visible(text[i]));
                i++;
                continue;
            }

            if (IsInvisible(rune) && !(keepLineBreaks && rune.Value == '\n'))
            {
                escaped.Append(Visible(rune.Value));
            }
            else
            {
                escaped.Append(text, i, consumed);
            }

            i += consumed;
        }

        return escaped.ToString();
    }

    private static string Visible(int value) => $"\\u{{{value:X}}}";
}
