namespace Yoi.Wit.Text;

/// <summary>Stable diagnostic ids; documented in the README. Front end: 0xx. Generator: 1xx.</summary>
public static class WitDiagnosticIds
{
    /// <summary>Bad characters, unterminated comments or strings, malformed identifiers.</summary>
    public const string Lexical = "YOIWIT001";

    /// <summary>The text does not follow the WIT grammar.</summary>
    public const string Syntax = "YOIWIT002";

    /// <summary>A name that refers to nothing (type, interface, world, package, feature).</summary>
    public const string Undefined = "YOIWIT003";

    /// <summary>A name defined twice, or two names equal ignoring case.</summary>
    public const string Duplicate = "YOIWIT004";

    /// <summary>Type, use, include or package dependency cycles.</summary>
    public const string Cycle = "YOIWIT005";

    /// <summary>Package structure: missing or conflicting package names, deps layout, versions.</summary>
    public const string Package = "YOIWIT006";

    /// <summary>A construct used where WIT forbids it (borrow in results, bad handle target, ...).</summary>
    public const string Invalid = "YOIWIT007";

    /// <summary>Feature gates: inconsistent @since/@unstable/@deprecated.</summary>
    public const string Gate = "YOIWIT008";

    /// <summary>Files or folders that cannot be read.</summary>
    public const string Io = "YOIWIT009";
}
