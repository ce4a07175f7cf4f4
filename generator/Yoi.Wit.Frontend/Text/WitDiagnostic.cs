namespace Yoi.Wit.Text;

/// <summary>How bad a diagnostic is.</summary>
public enum WitSeverity
{
    Warning,
    Error,
}

/// <summary>
/// An error (or warning) as a value: a stable id, a message a person understands, and where it is.
/// The front end never throws for bad input; it returns these.
/// </summary>
public sealed record WitDiagnostic(string Id, WitSeverity Severity, string Message, SourceLocation Location)
{
    public static WitDiagnostic Error(string id, string message, SourceLocation location) =>
        new(id, WitSeverity.Error, message, location);

    /// <summary><c>file:line:col: message</c>, the form compilers and editors understand.</summary>
    public override string ToString() => $"{Location}: {(Severity == WitSeverity.Error ? "error" : "warning")} {Id}: {Message}";
}
