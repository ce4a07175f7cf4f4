using Yoi.Cli.Output;

namespace Yoi.Cli.Tests;

public class TerminalTextTests
{
    [Theory]
    [InlineData("ws://h/a", "ws://h/a")]
    [InlineData("caf\u00e9 \u65e5\u672c \U0001F600", "caf\u00e9 \u65e5\u672c \U0001F600")]
    [InlineData("C:\\plugins\\x", "C:\\plugins\\x")]
    [InlineData("a\u001b[2Kb", "a\\u{1B}[2Kb")]
    [InlineData("a\nverdict:  allowed", "a\\u{A}verdict:  allowed")]
    [InlineData("a\r\nb", "a\\u{D}\\u{A}b")]
    [InlineData("\0\t\u007f", "\\u{0}\\u{9}\\u{7F}")]
    [InlineData("a\u0085b\u009bc", "a\\u{85}b\\u{9B}c")]
    [InlineData("abc\u202Efed", "abc\\u{202E}fed")]
    [InlineData("\u2066x\u2069\u200Bz\u200F\uFEFF\u061C", "\\u{2066}x\\u{2069}\\u{200B}z\\u{200F}\\u{FEFF}\\u{61C}")]
    [InlineData("a\u2028b\u2029c", "a\\u{2028}b\\u{2029}c")]
    public void Controls_and_invisible_format_characters_become_visible_escapes(string text, string expected)
    {
        Assert.Equal(expected, TerminalText.Escape(text));
    }

    [Fact]
    public void Lone_surrogates_become_visible_escapes()
    {
        Assert.Equal("a\\u{D800}b\\u{DC00}", TerminalText.Escape($"a{(char)0xD800}b{(char)0xDC00}"));
    }

    [Fact]
    public void Multi_line_text_keeps_its_line_breaks_only()
    {
        Assert.Equal("one\ntwo\\u{D}\\u{1B}[1A\n", TerminalText.EscapeKeepingLines("one\ntwo\r\u001b[1A\n"));
    }
}
