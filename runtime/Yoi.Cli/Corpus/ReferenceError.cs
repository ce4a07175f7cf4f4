using System.Text.RegularExpressions;

namespace Yoi.Cli.Corpus;

/// <summary>
/// The reference parser's error for a must-fail case (a <c>.wit.result</c> file): its first message line
/// and the <c>--&gt; path:line:col</c> it points at, when it has one.
/// </summary>
public sealed partial record ReferenceError(string Message, string? RelativePath, int? Line)
{
    /// <summary>
    /// Errors raised by the reference's lexer or grammar rather than its resolver; the location goal
    /// is measured on these.
    /// </summary>
    public bool IsSyntaxError =>
        Message.StartsWith("expected ", StringComparison.Ordinal) ||
        Message.StartsWith("unexpected ", StringComparison.Ordinal) ||
        Message.StartsWith("invalid character", StringComparison.Ordinal) ||
        Message.StartsWith("unterminated", StringComparison.Ordinal) ||
        Message.Contains("identifiers must", StringComparison.Ordinal) ||
        Message.StartsWith("invalid ", StringComparison.Ordinal) && Message.Contains("version", StringComparison.Ordinal);

    public static ReferenceError Read(string path)
    {
        var text = File.ReadAllText(path);
        var message = text.Split('\n').FirstOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "";
        var match = LocationPattern().Match(text);
        if (!match.Success)
        {
            return new ReferenceError(message, null, null);
        }

        // The reference runs from its crate root: strip "tests/ui/" so the path is relative to the corpus.
        var relative = match.Groups["path"].Value.Replace('\\', '/');
        int ui = relative.IndexOf("tests/ui/", StringComparison.Ordinal);
        if (ui >= 0)
        {
            relative = relative[(ui + "tests/ui/".Length)..];
        }

        return new ReferenceError(message, relative, int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [GeneratedRegex(@"-->\s+(?<path>[^\s:]+):(?<line>\d+):(?<col>\d+)")]
    private static partial Regex LocationPattern();
}
