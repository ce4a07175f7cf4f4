using Yoi.Wit.Model;
using Yoi.Wit.Text;

namespace Yoi.Wit.Generator.Spec;

// The C#-ready, equatable description of one generated file ("output unit"). Built from the resolved
// WIT model by SpecBuilder, turned into text by the Emitter (the split System.Text.Json's and
// LoggerMessage's generators use: parse into a model, then emit from the model alone).
//
// Everything here is already C#: type names are fully qualified (global::...), conversions are
// method names. A unit holds only what its own file needs, so editing one interface leaves every
// other unit's spec equal and the incremental pipeline skips re-emitting them.

/// <summary>A diagnostic as data: id, severity, message and a .wit location (no Roslyn types).</summary>
public sealed record DiagnosticInfo(string Id, WitSeverity Severity, string Message, SourceLocation Location)
{
    public static DiagnosticInfo From(WitDiagnostic diagnostic) =>
        new(diagnostic.Id, diagnostic.Severity, diagnostic.Message, diagnostic.Location);
}

/// <summary>One generated file.</summary>
public abstract record UnitSpec(string HintName, string Namespace);

/// <summary>
/// A WIT interface: its data types and their conversions, and, when the chosen world imports it, a
/// host interface plus <c>AddToLinker</c>; when the world exports it, a typed caller.
/// </summary>
public sealed record InterfaceUnitSpec(
    string HintName,
    string Namespace,
    string WitId,
    string Docs,
    string HostInterfaceName,
    string HostClassName,
    string ExportsClassName,
    string ConversionsClassName,
    bool Imported,
    bool Exported,
    EquatableArray<TypeSpec> Types,
    EquatableArray<FunctionSpec> Functions,
    EquatableArray<HelperSpec> Helpers) : UnitSpec(HintName, Namespace);

/// <summary>
/// A world: its own types, the functions it imports at the root, a one-call <c>AddToLinker</c> for all
/// imports, and the typed wrapper for its exports.
/// </summary>
public sealed record WorldUnitSpec(
    string HintName,
    string Namespace,
    string WitId,
    string Docs,
    string ClassName,
    string RootImportsInterfaceName,
    string RootImportsParameterName,
    string ConversionsClassName,
    EquatableArray<TypeSpec> Types,
    EquatableArray<FunctionSpec> ImportedFunctions,
    EquatableArray<FunctionSpec> ExportedFunctions,
    EquatableArray<InterfaceRefSpec> ImportedInterfaces,
    EquatableArray<InterfaceRefSpec> ExportedInterfaces,
    EquatableArray<HelperSpec> Helpers) : UnitSpec(HintName, Namespace);

/// <summary>An interface a world imports or exports, as the world's file refers to it.</summary>
/// <param name="MemberName">PascalCase name for the property / parameter.</param>
/// <param name="QualifiedHostInterface">global::...IFooHost (imports).</param>
/// <param name="QualifiedHostClass">global::...FooHost (imports).</param>
/// <param name="QualifiedExportsClass">global::...FooExports (exports).</param>
public sealed record InterfaceRefSpec(
    string MemberName,
    string ParameterName,
    string WitId,
    string QualifiedHostInterface,
    string QualifiedHostClass,
    string QualifiedExportsClass,
    bool HasFunctions);

/// <summary>A C# type generated for a WIT record, variant, enum or flags.</summary>
public abstract record TypeSpec(string Name, string WitName, string Docs);

/// <summary>A record field. Lower/Lift are method names converting the field's value.</summary>
public sealed record FieldSpec(string Name, string WitName, string Type, string Lower, string Lift, string Docs);

/// <param name="ValueEquality">
/// A field's C# type holds a list (<c>IReadOnlyList</c> or <c>byte[]</c>, possibly inside an option,
/// result or tuple), whose own equality is by reference: the record gets an <c>Equals</c>/<c>GetHashCode</c>
/// pair comparing every field through <c>WitEquality</c>, so it compares as a WIT value.
/// </param>
public sealed record RecordSpec(string Name, string WitName, string Docs, EquatableArray<FieldSpec> Fields, bool ValueEquality)
    : TypeSpec(Name, WitName, Docs);

/// <summary>A variant case: a nested record; <see cref="PayloadType"/> null when it has no payload.</summary>
public sealed record CaseSpec(
    string Name,
    string WitName,
    string ParameterName,
    string? PayloadType,
    string PayloadProperty,
    string? Lower,
    string? Lift,
    string Docs,
    bool ValueEquality);

/// <param name="MatchResultType">The type parameter of <c>Match</c>: <c>TResult</c>, unless a case (a nested type it would hide) or the variant has that name.</param>
public sealed record VariantSpec(string Name, string WitName, string Docs, EquatableArray<CaseSpec> Cases, string MatchResultType)
    : TypeSpec(Name, WitName, Docs);

/// <summary>An enum case or a flag: C# member name, WIT name, docs.</summary>
public sealed record MemberSpec(string Name, string WitName, string Docs);

public sealed record EnumSpec(string Name, string WitName, string Docs, EquatableArray<MemberSpec> Cases)
    : TypeSpec(Name, WitName, Docs);

/// <summary>Flags; <see cref="UnderlyingType"/> is <c>uint</c> or <c>ulong</c>.</summary>
public sealed record FlagsSpec(string Name, string WitName, string Docs, string UnderlyingType, bool HasNoneMember, EquatableArray<MemberSpec> Flags)
    : TypeSpec(Name, WitName, Docs);

public sealed record ParamSpec(string Name, string WitName, string Type, string Lower, string Lift);

/// <summary>The value a function returns; <see cref="Type"/> is the C# type.</summary>
public sealed record ReturnSpec(string Type, string Lower, string Lift);

/// <summary>
/// A freestanding WIT function. <see cref="MethodName"/> is the C# method, <see cref="FieldName"/> the
/// field caching the export's <c>ComponentFunction</c>.
/// </summary>
public sealed record FunctionSpec(
    string WitName,
    string MethodName,
    string FieldName,
    string Docs,
    EquatableArray<ParamSpec> Params,
    ReturnSpec? Result);

/// <summary>
/// A conversion method for a structural type (option, list, tuple, result) as it appears in this
/// unit: already rendered C#, since its body depends only on the type's shape.
/// </summary>
public sealed record HelperSpec(string Name, string Code);

/// <summary>What building specs for one package root produced.</summary>
public sealed record GenerationModel(EquatableArray<UnitSpec> Units, EquatableArray<DiagnosticInfo> Diagnostics);
