namespace Yoi.Wit.Text;

/// <summary>
/// A place in a WIT file as people read it: path and 1-based line and column.
/// Equatable and free of Roslyn types so it can travel through cached generator models.
/// </summary>
public sealed record SourceLocation(string Path, int Line, int Column, int EndLine, int EndColumn)
{
    public static SourceLocation None(string path) => new(path, 0, 0, 0, 0);

    public override string ToString() => Line == 0 ? Path : $"{Path}:{Line}:{Column}";
}
