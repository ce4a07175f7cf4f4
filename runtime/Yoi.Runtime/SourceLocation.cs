namespace Yoi.Runtime;

/// <summary>A 1-based position in a configuration file, printed as file:line:col.</summary>
public sealed record SourceLocation(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
