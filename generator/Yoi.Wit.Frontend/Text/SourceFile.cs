using System.Collections.Immutable;

namespace Yoi.Wit.Text;

/// <summary>One WIT source text and its path, with a line table for turning offsets into line:column.</summary>
public sealed class SourceFile
{
    private readonly ImmutableArray<int> _lineStarts;

    public SourceFile(string path, string text)
    {
        Path = path;
        Text = text;
        _lineStarts = ComputeLineStarts(text);
    }

    /// <summary>The path as the user gave it (or relative to the package root); used in messages.</summary>
    public string Path { get; }

    public string Text { get; }

    /// <summary>1-based line and column (in UTF-16 code units, tabs count as one) of an offset.</summary>
    public (int Line, int Column) LineColumn(int offset)
    {
        offset = Math.Clamp(offset, 0, Text.Length);
        int index = _lineStarts.BinarySearch(offset);
        if (index < 0)
        {
            index = ~index - 1;
        }

        return (index + 1, offset - _lineStarts[index] + 1);
    }

    public SourceLocation Location(TextSpan span)
    {
        var (line, column) = LineColumn(span.Start);
        var (endLine, endColumn) = LineColumn(span.End);
        return new SourceLocation(Path, line, column, endLine, endColumn);
    }

    private static ImmutableArray<int> ComputeLineStarts(string text)
    {
        var starts = ImmutableArray.CreateBuilder<int>();
        starts.Add(0);
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                starts.Add(i + 1);
            }
        }

        return starts.ToImmutable();
    }
}
