using Yoi.Wit.Text;

namespace Yoi.Wit.Frontend.Tests.Properties;

/// <summary>What every diagnostic for generated input must satisfy: it points into one of the input files.</summary>
internal static class DiagnosticAssert
{
    /// <summary>
    /// Each diagnostic names one of <paramref name="files"/> (by its path), and its start and end are real
    /// line:column positions in that text with the end not before the start. An internal error (a bug the
    /// parser caught) is never acceptable.
    /// </summary>
    public static void LocatedWithin(IEnumerable<WitDiagnostic> diagnostics, IReadOnlyCollection<SourceFile> files)
    {
        var byPath = files.ToDictionary(f => f.Path, f => f.Text, StringComparer.Ordinal);
        foreach (var diagnostic in diagnostics)
        {
            Assert.DoesNotContain("internal parser error", diagnostic.Message, StringComparison.Ordinal);
            var where = diagnostic.Location;
            Assert.True(byPath.TryGetValue(where.Path, out var text), $"{diagnostic} names no input file ({string.Join(", ", byPath.Keys)})");
            var lines = text.Split('\n');
            AssertPosition(diagnostic, lines, where.Line, where.Column);
            AssertPosition(diagnostic, lines, where.EndLine, where.EndColumn);
            Assert.True((where.EndLine, where.EndColumn).CompareTo((where.Line, where.Column)) >= 0, $"{diagnostic} ends before it starts");
        }
    }

    private static void AssertPosition(WitDiagnostic diagnostic, string[] lines, int line, int column)
    {
        Assert.True(line >= 1 && line <= lines.Length, $"{diagnostic}: line {line} is outside 1..{lines.Length}");
        var length = lines[line - 1].Length;
        Assert.True(column >= 1 && column <= length + 1, $"{diagnostic}: column {column} is outside 1..{length + 1} on line {line}");
    }
}
