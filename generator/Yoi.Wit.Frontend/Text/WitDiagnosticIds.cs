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

    // ---- Generator (1xx): what the Roslyn generator cannot or will not bind. ----

    /// <summary>A world named in <c>YoiWitWorld</c> does not exist (or is ambiguous) in the root package(s).</summary>
    public const string UnknownWorld = "YOIWIT100";

    /// <summary>Resources and own/borrow handles: the engine's .NET component API has no resources yet.</summary>
    public const string UnsupportedResource = "YOIWIT101";

    /// <summary><c>map&lt;K, V&gt;</c>: not carried by the engine's .NET component API yet.</summary>
    public const string UnsupportedMap = "YOIWIT102";

    /// <summary><c>future&lt;T&gt;</c>: not carried by the engine's .NET component API yet.</summary>
    public const string UnsupportedFuture = "YOIWIT103";

    /// <summary><c>stream&lt;T&gt;</c>: not carried by the engine's .NET component API yet.</summary>
    public const string UnsupportedStream = "YOIWIT104";

    /// <summary><c>error-context</c>: not carried by the engine's .NET component API yet.</summary>
    public const string UnsupportedErrorContext = "YOIWIT105";

    /// <summary><c>async func</c>: the engine's .NET API has no async host functions.</summary>
    public const string UnsupportedAsync = "YOIWIT106";

    /// <summary>Fixed-size lists <c>list&lt;T, N&gt;</c>: not carried by the engine's .NET component API yet.</summary>
    public const string UnsupportedFixedList = "YOIWIT107";

    /// <summary>
    /// The root package defines no world and <c>YoiWitWorld</c> names none, so nothing is generated; a
    /// dependency's world is bound by naming it in full.
    /// </summary>
    public const string NoWorld = "YOIWIT108";

    /// <summary>The generator failed unexpectedly (a bug): the message carries the exception.</summary>
    public const string GeneratorFailure = "YOIWIT199";
}
