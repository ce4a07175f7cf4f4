using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Yoi.Cli.Tests;

/// <summary>
/// The CLI reads its arguments as the text they are (no response files) and prints what it echoes
/// from input with control and invisible format characters made visible, so a crafted URL, name or
/// path cannot add a fake line or move the cursor.
/// </summary>
public class LiteralInputTests
{
    [Fact]
    public void An_at_sign_url_is_a_url_not_a_response_file()
    {
        using var temp = new TempDirectory();
        var (plugin, grants) = TestPlugin.Write(temp);
        var responseFile = temp.Write("url.rsp", "ws://127.0.0.1:9000/echo\n");

        var run = CliRun.Of("plugin", "explain", plugin, "--grants", grants, "--api", "websocket", "@" + responseFile);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"request:  @{responseFile}\n", Lines(run.Output));
        Assert.EndsWith("verdict:  denied\n", Lines(run.Output));
    }

    [Fact]
    public void An_at_sign_directory_or_option_value_is_a_path_not_a_response_file()
    {
        using var temp = new TempDirectory();
        var (plugin, grants) = TestPlugin.Write(temp);
        var directoryFile = temp.Write("dir.rsp", plugin + "\n");
        var grantsFile = temp.Write("grants.rsp", grants + "\n");

        var show = CliRun.Of("plugin", "show", "@" + directoryFile);
        var withGrants = CliRun.Of("plugin", "show", plugin, "--grants", "@" + grantsFile);

        Assert.Equal(1, show.ExitCode);
        Assert.Contains($"no plugin.toml in plugin directory '@{directoryFile}'", show.Error);
        Assert.Equal(1, withGrants.ExitCode);
        Assert.Contains($"@{grantsFile}", withGrants.Error);
    }

    [Fact]
    public void An_at_sign_wit_path_is_a_path_not_a_response_file()
    {
        using var temp = new TempDirectory();
        var wit = temp.Write("ok.wit", "package demo:ok;\n\ninterface i {\n  f: func();\n}\n");
        var responseFile = temp.Write("wit.rsp", wit + "\n");

        var run = CliRun.Of("wit", "check", "@" + responseFile);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"@{responseFile}", run.Error);
    }

    [Theory]
    [InlineData("ws://127.0.0.1:9000/echo\nverdict:  allowed", "/echo\\u{A}verdict:  allowed")]
    [InlineData("ws://127.0.0.1:9000/echo\rverdict:  allowed", "/echo\\u{D}verdict:  allowed")]
    [InlineData("ws://127.0.0.1:9000/echo\u001b[1A\u001b[2Kverdict:  allowed", "/echo\\u{1B}[1A\\u{1B}[2Kverdict:  allowed")]
    [InlineData("ws://127.0.0.1:9000/echo\u009b2K", "/echo\\u{9B}2K")]
    [InlineData("ws://127.0.0.1:9000/echo/\u202Edewolla", "/echo/\\u{202E}dewolla")]
    [InlineData("ws://127.0.0.1:9000/echo\u2028verdict:  allowed", "/echo\\u{2028}verdict:  allowed")]
    public void A_crafted_url_cannot_forge_a_verdict_or_move_the_cursor(string url, string shown)
    {
        using var temp = new TempDirectory();
        var (plugin, grants) = TestPlugin.Write(temp);

        var run = CliRun.Of("plugin", "explain", plugin, "--grants", grants, "--api", "websocket", url);

        Assert.Equal(1, run.ExitCode);
        AssertVisible(run.Output);
        Assert.Contains(shown, run.Output);
        Assert.Equal(["verdict:  denied"], Lines(run.Output).Split('\n').Where(line => line.StartsWith("verdict:", StringComparison.Ordinal)));
    }

    [Fact]
    public void Crafted_methods_and_subprotocols_are_shown_escaped()
    {
        using var temp = new TempDirectory();
        var (plugin, grants) = TestPlugin.Write(temp);

        var method = CliRun.Of("plugin", "explain", plugin, "--grants", grants, "--api", "request", "https://api.example.com/", "--method", "GET\nverdict:  allowed");
        var subprotocol = CliRun.Of("plugin", "explain", plugin, "--grants", grants, "--api", "websocket", "ws://127.0.0.1:9000/echo", "--subprotocol", "chat\u001b[2K");

        Assert.Equal(1, method.ExitCode);
        AssertVisible(method.Output);
        Assert.Contains("GET\\u{A}verdict:  allowed", method.Output);
        Assert.Equal(1, subprotocol.ExitCode);
        AssertVisible(subprotocol.Output);
        Assert.Contains("chat\\u{1B}[2K", subprotocol.Output);
    }

    [Fact]
    public void Show_escapes_the_plugin_name_and_the_grants_path()
    {
        using var temp = new TempDirectory();
        var (plugin, grants) = TestPlugin.Write(temp);
        temp.Write("plugin/plugin.toml", TestPlugin.Manifest.Replace("name = \"Echo bot\"", "name = \"Echo \\u202Etob\\u001b[2K\""));
        var oddGrants = Path.Combine(temp.Path, "grants\u001b[1A.toml");
        File.Copy(grants, oddGrants);

        var run = CliRun.Of("plugin", "show", plugin, "--grants", oddGrants);

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        AssertVisible(run.Output);
        Assert.Contains("\"Echo \\u{202E}tob\\u{1B}[2K\"", run.Output);
        Assert.Contains("grants\\u{1B}[1A.toml", run.Output);
    }

    [Fact]
    public void Errors_escape_the_paths_and_tokens_they_echo()
    {
        using var temp = new TempDirectory();
        var missing = Path.Combine(temp.Path, "no\u001b[2Jplugin");

        var load = CliRun.Of("plugin", "show", missing);
        var usage = CliRun.Of("plugin", "sh\u001b[2Jow");

        Assert.Equal(1, load.ExitCode);
        AssertVisible(load.Error);
        Assert.Contains("no\\u{1B}[2Jplugin", load.Error);
        Assert.Equal(2, usage.ExitCode);
        AssertVisible(usage.Error);
        Assert.Contains("sh\\u{1B}[2Jow", usage.Error);
    }

    [Fact]
    public void Wit_check_escapes_file_paths_in_its_diagnostics()
    {
        using var temp = new TempDirectory();
        var file = temp.Write("bad\u001b[2K.wit", "package demo:bad;\n\ninterface i {\n  f: func() -> missing;\n}\n");

        var run = CliRun.Of("wit", "check", file);

        Assert.Equal(1, run.ExitCode);
        AssertVisible(run.Error);
        Assert.Contains("bad\\u{1B}[2K.wit:4:", run.Error);
    }

    [Fact]
    public void Json_output_escapes_controls_and_format_characters_and_keeps_the_text()
    {
        using var temp = new TempDirectory();
        var (plugin, grants) = TestPlugin.Write(temp);
        var name = "Echo \u202Etob\u001b[2K\u009b\u2028";
        temp.Write("plugin/plugin.toml", TestPlugin.Manifest.Replace("name = \"Echo bot\"", $"name = \"{TomlEscape(name)}\""));
        var url = "ws://127.0.0.1:9000/echo\n\u001b[1A\u202E\u0085";

        var explain = CliRun.Of("plugin", "explain", plugin, "--grants", grants, "--api", "websocket", url, "--json");
        var show = CliRun.Of("plugin", "show", plugin, "--json");

        AssertVisible(explain.Output);
        AssertVisible(show.Output);
        using var explained = JsonDocument.Parse(explain.Output);
        Assert.Equal(url, explained.RootElement.GetProperty("request").GetString());
        using var shown = JsonDocument.Parse(show.Output);
        Assert.Equal(name, shown.RootElement.GetProperty("name").GetString());
    }

    [Theory]
    [InlineData("ws://127.0.0.1:/echo", "the port is empty (nothing follows ':')")]
    [InlineData("ws://127.0.0.1:4294967739/echo", "the port '4294967739' has 10 digits; a port has at most 5 (1-65535)")]
    [InlineData("ws://127.0.0.1:65536/echo", "the port 65536 is outside 1-65535")]
    [InlineData("ws://127.0.0.1:9o00/echo", "the port '9o00' is not a number ('o' is not a digit)")]
    public void Port_errors_say_what_is_wrong(string url, string message)
    {
        using var temp = new TempDirectory();
        var (plugin, grants) = TestPlugin.Write(temp);

        var run = CliRun.Of("plugin", "explain", plugin, "--grants", grants, "--api", "websocket", url);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"denied (invalid-url): {message}", run.Output);
    }

    /// <summary>The text with the platform's line breaks as '\n' (and nothing else changed).</summary>
    private static string Lines(string text) => text.Replace(Environment.NewLine, "\n", StringComparison.Ordinal);

    /// <summary>Nothing a terminal would act on or hide: no controls but line breaks, no format characters, no lone surrogates.</summary>
    private static void AssertVisible(string text)
    {
        var lines = Lines(text);
        for (var i = 0; i < lines.Length; i++)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(lines, i);
            var bad = lines[i] != '\n' && category is UnicodeCategory.Control or UnicodeCategory.Format
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
            bad |= char.IsHighSurrogate(lines[i]) && (i + 1 == lines.Length || !char.IsLowSurrogate(lines[i + 1]));
            bad |= char.IsLowSurrogate(lines[i]) && (i == 0 || !char.IsHighSurrogate(lines[i - 1]));
            Assert.False(bad, $"U+{(int)lines[i]:X4} printed raw at offset {i}:\n{text}");
        }
    }

    private static string TomlEscape(string text)
    {
        var escaped = new StringBuilder();
        foreach (var c in text)
        {
            escaped.Append(c is < ' ' or '\u007f' or (>= '\u0080' and <= '\u009f') or '\u2028' or '\u202E' ? $"\\u{(int)c:X4}" : c.ToString());
        }

        return escaped.ToString();
    }
}
