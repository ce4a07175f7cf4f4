namespace Yoi.Wit.Text;

/// <summary>A half-open range of UTF-16 offsets in one <see cref="SourceFile"/>.</summary>
public readonly record struct TextSpan(int Start, int End)
{
    public int Length => End - Start;

    public static TextSpan Between(TextSpan first, TextSpan last) => new(first.Start, last.End);

    public override string ToString() => $"[{Start}..{End})";
}
