using Yoi.Wit.Model;
using Yoi.Wit.Text;

namespace Yoi.Wit.Generator.Spec;

/// <summary>Why a WIT type cannot be bound: the diagnostic id, the construct as people write it, where it is.</summary>
internal sealed record Unsupported(string Id, string Construct, SourceLocation Location);

/// <summary>
/// Maps WIT types to C# types and to the names of the methods converting them to and from
/// <c>ComponentValue</c>. Structural types (option, list, tuple, result) get a helper method in the
/// current unit's conversions class, rendered once per distinct shape.
/// </summary>
internal sealed class TypeMapper
{
    public const string CV = "global::Wasmtime.Components.ComponentValue";
    public const string CVs = "global::Yoi.Wit.Bindings.ComponentValues";
    public const string Bindings = "global::Yoi.Wit.Bindings";

    private readonly WitResolve _resolve;
    private readonly NameTable _names;
    private readonly Dictionary<int, Unsupported?> _unsupported = new();

    public TypeMapper(WitResolve resolve, NameTable names)
    {
        _resolve = resolve;
        _names = names;
    }

    public WitTypeDef Def(int id) => _resolve.Types[id];

    /// <summary>Follows <c>type a = b</c> aliases (and <c>use</c>d names) to the type they name.</summary>
    public WitType Unalias(WitType type)
    {
        var guard = 0;
        while (type.IsDef && _resolve.Types[type.TypeId].Kind is WitAliasKind alias && guard++ < 1000)
        {
            type = alias.Target;
        }

        return type;
    }

    /// <summary>True for records, variants, enums and flags: the kinds that become a named C# type.</summary>
    public static bool IsNominal(WitTypeDefKind kind) => kind is WitRecordKind or WitVariantKind or WitEnumKind or WitFlagsKind;

    /// <summary>The first construct in <paramref name="type"/> the engine cannot carry, or null.</summary>
    public Unsupported? FindUnsupported(WitType type)
    {
        type = Unalias(type);
        if (type.Kind == WitTypeKind.ErrorContext)
        {
            return new Unsupported(Yoi.Wit.Text.WitDiagnosticIds.UnsupportedErrorContext, "`error-context`", SourceLocation.None(""));
        }

        if (!type.IsDef)
        {
            return null;
        }

        if (_unsupported.TryGetValue(type.TypeId, out var known))
        {
            return known;
        }

        _unsupported[type.TypeId] = null; // WIT types are acyclic; this only guards against bad input.
        var def = _resolve.Types[type.TypeId];
        var result = def.Kind switch
        {
            WitResourceKind => new Unsupported(WitDiagnosticIds.UnsupportedResource, $"resource `{def.Name}`", def.Location),
            WitHandleKind h => new Unsupported(
                WitDiagnosticIds.UnsupportedResource,
                $"`{(h.IsBorrow ? "borrow" : "own")}<{_resolve.Types[h.Resource].Name}>`",
                def.Location),
            WitMapKind => new Unsupported(WitDiagnosticIds.UnsupportedMap, "`map`", def.Location),
            WitFutureKind => new Unsupported(WitDiagnosticIds.UnsupportedFuture, "`future`", def.Location),
            WitStreamKind => new Unsupported(WitDiagnosticIds.UnsupportedStream, "`stream`", def.Location),
            WitFixedListKind => new Unsupported(WitDiagnosticIds.UnsupportedFixedList, "a fixed-size list", def.Location),
            WitRecordKind r => r.Fields.Select(f => FindUnsupported(f.Type)).FirstOrDefault(u => u is not null),
            WitVariantKind v => v.Cases.Where(c => c.Payload is not null).Select(c => FindUnsupported(c.Payload!.Value)).FirstOrDefault(u => u is not null),
            WitTupleKind t => t.Elements.Select(FindUnsupported).FirstOrDefault(u => u is not null),
            WitOptionKind o => FindUnsupported(o.Inner),
            WitListKind l => FindUnsupported(l.Element),
            WitResultKind r => (r.Ok is { } ok ? FindUnsupported(ok) : null) ?? (r.Err is { } err ? FindUnsupported(err) : null),
            _ => null,
        };

        // An error-context nested in a type is located at the type that holds it.
        if (result is { Location.Line: 0 } && def.Location.Line != 0)
        {
            result = result with { Location = def.Location };
        }

        _unsupported[type.TypeId] = result;
        return result;
    }

    /// <summary>The C# type name, fully qualified.</summary>
    public string CsType(WitType type)
    {
        type = Unalias(type);
        if (!type.IsDef)
        {
            return Primitive(type.Kind).CsType;
        }

        var def = _resolve.Types[type.TypeId];
        return def.Kind switch
        {
            _ when IsNominal(def.Kind) => $"global::{_names.NamespaceOfType(type.TypeId)}.{_names.TypeName(type.TypeId)}",
            WitListKind l when IsU8(l.Element) => "byte[]",
            WitListKind l => $"global::System.Collections.Generic.IReadOnlyList<{CsType(l.Element)}>",
            WitOptionKind o when IsOption(o.Inner) => $"{Bindings}.WitOption<{CsType(o.Inner)}>",
            WitOptionKind o => CsType(o.Inner) + "?",
            WitResultKind r => $"{Bindings}.WitResult<{(r.Ok is { } ok ? CsType(ok) : Bindings + ".Unit")}, {(r.Err is { } err ? CsType(err) : Bindings + ".Unit")}>",
            // C# tuple syntax needs two elements: tuple<> is the non-generic ValueTuple, tuple<T> is ValueTuple<T>.
            WitTupleKind t when t.Elements.Count == 0 => "global::System.ValueTuple",
            WitTupleKind t when t.Elements.Count == 1 => $"global::System.ValueTuple<{CsType(t.Elements[0])}>",
            WitTupleKind t => "(" + string.Join(", ", t.Elements.Select(CsType)) + ")",
            _ => throw new InvalidOperationException($"No C# type for WIT {def.Kind.KindName}."),
        };
    }

    /// <summary>The method converting a C# value of <paramref name="type"/> to a <c>ComponentValue</c>.</summary>
    public string Lower(WitType type, UnitHelpers helpers) => Converter(type, helpers, lower: true);

    /// <summary>The method converting a <c>ComponentValue</c> to the C# value of <paramref name="type"/>.</summary>
    public string Lift(WitType type, UnitHelpers helpers) => Converter(type, helpers, lower: false);

    private string Converter(WitType type, UnitHelpers helpers, bool lower)
    {
        type = Unalias(type);
        if (!type.IsDef)
        {
            var p = Primitive(type.Kind);
            return $"{CVs}.{(lower ? "From" : "To")}{p.Suffix}";
        }

        var def = _resolve.Types[type.TypeId];
        if (IsNominal(def.Kind))
        {
            return $"global::{_names.NamespaceOfType(type.TypeId)}.{_names.ConversionsOfType(type.TypeId)}.{(lower ? "Lower" : "Lift")}{_names.TypeName(type.TypeId)}";
        }

        if (def.Kind is WitListKind list && IsU8(list.Element))
        {
            return lower ? $"{CVs}.FromBytes" : $"{CVs}.ToBytes";
        }

        var key = (lower ? "L:" : "R:") + CsType(type);
        if (helpers.TryGet(key, out var existing))
        {
            return helpers.ClassName + "." + existing;
        }

        var name = helpers.Reserve(key, (lower ? "Lower" : "Lift") + Mangle(type));
        var cs = CsType(type);
        var code = lower ? LowerHelper(name, cs, def.Kind, helpers) : LiftHelper(name, cs, def.Kind, helpers);
        helpers.Add(new HelperSpec(name, code));
        return helpers.ClassName + "." + name;
    }

    private string LowerHelper(string name, string cs, WitTypeDefKind kind, UnitHelpers helpers)
    {
        var head = $"internal static {CV} {name}({cs} value)";
        switch (kind)
        {
            case WitOptionKind o when IsOption(o.Inner):
                return $"{head} =>\n    value.TryGetValue(out var inner) ? {CVs}.Some({Lower(o.Inner, helpers)}(inner)) : {CVs}.None;";
            case WitOptionKind o when IsValueType(o.Inner):
                return $"{head} =>\n    value.HasValue ? {CVs}.Some({Lower(o.Inner, helpers)}(value.GetValueOrDefault())) : {CVs}.None;";
            case WitOptionKind o:
                return $"{head} =>\n    value is null ? {CVs}.None : {CVs}.Some({Lower(o.Inner, helpers)}(value));";
            case WitListKind l:
                return $"{head} =>\n    {CVs}.FromList<{CsType(l.Element)}>(value, {Lower(l.Element, helpers)});";
            case WitTupleKind t:
                var items = t.Elements.Select((e, i) => $"{Lower(e, helpers)}(value.Item{i + 1})");
                return $"{head} =>\n    {CVs}.Tuple({string.Join(", ", items)});";
            case WitResultKind r:
                return $"{head} =>\n    {CVs}.FromResult<{ResultArgs(r)}>(value, {(r.Ok is { } ok ? Lower(ok, helpers) : "null")}, {(r.Err is { } err ? Lower(err, helpers) : "null")});";
            default:
                throw new InvalidOperationException($"No lowering for WIT {kind.KindName}.");
        }
    }

    private string LiftHelper(string name, string cs, WitTypeDefKind kind, UnitHelpers helpers)
    {
        var head = $"internal static {cs} {name}({CV} value)";
        switch (kind)
        {
            case WitOptionKind o when IsOption(o.Inner):
                var inner = CsType(o.Inner);
                return $"{head} =>\n    value.IsSome ? {Bindings}.WitOption<{inner}>.Some({Lift(o.Inner, helpers)}(value.Payload!)) : {Bindings}.WitOption<{inner}>.None;";
            case WitOptionKind o:
                return $"{head} =>\n    value.IsSome ? {Lift(o.Inner, helpers)}(value.Payload!) : default({cs});";
            case WitListKind l:
                return $"{head} =>\n    {CVs}.ToList<{CsType(l.Element)}>(value, {Lift(l.Element, helpers)});";
            case WitTupleKind { Elements.Count: 0 }:
                return $"{head}\n{{\n    {CVs}.TupleItems(value, 0);\n    return default;\n}}";
            case WitTupleKind t:
                var items = t.Elements.Select((e, i) => $"{Lift(e, helpers)}(items[{i}])");
                var tuple = t.Elements.Count == 1 ? $"new {cs}({items.Single()})" : $"({string.Join(", ", items)})";
                return $"{head}\n{{\n    var items = {CVs}.TupleItems(value, {t.Elements.Count});\n    return {tuple};\n}}";
            case WitResultKind r:
                return $"{head} =>\n    {CVs}.ToResult<{ResultArgs(r)}>(value, {(r.Ok is { } ok ? Lift(ok, helpers) : "null")}, {(r.Err is { } err ? Lift(err, helpers) : "null")});";
            default:
                throw new InvalidOperationException($"No lifting for WIT {kind.KindName}.");
        }
    }

    private string ResultArgs(WitResultKind r) =>
        $"{(r.Ok is { } ok ? CsType(ok) : Bindings + ".Unit")}, {(r.Err is { } err ? CsType(err) : Bindings + ".Unit")}";

    /// <summary>A readable name for a structural type's helpers: <c>ListOfTupleOfStringAndString</c>.</summary>
    public string Mangle(WitType type)
    {
        type = Unalias(type);
        if (!type.IsDef)
        {
            return Primitive(type.Kind).Suffix;
        }

        var def = _resolve.Types[type.TypeId];
        return def.Kind switch
        {
            _ when IsNominal(def.Kind) => _names.TypeName(type.TypeId),
            WitListKind l when IsU8(l.Element) => "Bytes",
            WitListKind l => "ListOf" + Mangle(l.Element),
            WitOptionKind o => "OptionOf" + Mangle(o.Inner),
            WitResultKind r => "ResultOf" + (r.Ok is { } ok ? Mangle(ok) : "Unit") + "And" + (r.Err is { } err ? Mangle(err) : "Unit"),
            WitTupleKind { Elements.Count: 0 } => "EmptyTuple",
            WitTupleKind t => "TupleOf" + string.Join("And", t.Elements.Select(Mangle)),
            _ => def.Kind.KindName,
        };
    }

    /// <summary>True when the C# type of <paramref name="type"/> is a value type (so <c>T?</c> is <c>Nullable&lt;T&gt;</c>).</summary>
    public bool IsValueType(WitType type)
    {
        type = Unalias(type);
        if (!type.IsDef)
        {
            return type.Kind != WitTypeKind.String;
        }

        return _resolve.Types[type.TypeId].Kind switch
        {
            WitEnumKind or WitFlagsKind or WitTupleKind or WitResultKind or WitOptionKind => true,
            _ => false,
        };
    }

    private bool IsOption(WitType type)
    {
        type = Unalias(type);
        return type.IsDef && _resolve.Types[type.TypeId].Kind is WitOptionKind;
    }

    private bool IsU8(WitType type) => Unalias(type).Kind == WitTypeKind.U8;

    private static (string CsType, string Suffix) Primitive(WitTypeKind kind) => kind switch
    {
        WitTypeKind.Bool => ("bool", "Bool"),
        WitTypeKind.U8 => ("byte", "U8"),
        WitTypeKind.U16 => ("ushort", "U16"),
        WitTypeKind.U32 => ("uint", "U32"),
        WitTypeKind.U64 => ("ulong", "U64"),
        WitTypeKind.S8 => ("sbyte", "S8"),
        WitTypeKind.S16 => ("short", "S16"),
        WitTypeKind.S32 => ("int", "S32"),
        WitTypeKind.S64 => ("long", "S64"),
        WitTypeKind.F32 => ("float", "F32"),
        WitTypeKind.F64 => ("double", "F64"),
        WitTypeKind.Char => ("global::System.Text.Rune", "Char"),
        WitTypeKind.String => ("string", "String"),
        _ => throw new InvalidOperationException($"No C# type for WIT {kind}."),
    };
}

/// <summary>The structural-type helpers of one unit, in first-use order, with unique names.</summary>
/// <param name="qualifiedClassName">The unit's conversions class, <c>global::</c>-qualified: a member of the calling class may share its bare name.</param>
/// <param name="reserved">Names the class already declares (its nominal types' converters).</param>
internal sealed class UnitHelpers(string qualifiedClassName, IEnumerable<string> reserved)
{
    /// <summary>The unit's conversions class, which holds the helpers (callers qualify with it).</summary>
    public string ClassName { get; } = qualifiedClassName;

    private readonly Dictionary<string, string> _byKey = new(StringComparer.Ordinal);
    private readonly HashSet<string> _names = new(reserved, StringComparer.Ordinal);
    private readonly List<HelperSpec> _helpers = new();

    public bool TryGet(string key, out string name) => _byKey.TryGetValue(key, out name!);

    public string Reserve(string key, string preferred)
    {
        var name = preferred;
        for (var i = 2; !_names.Add(name); i++)
        {
            name = preferred + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        _byKey[key] = name;
        return name;
    }

    public void Add(HelperSpec helper) => _helpers.Add(helper);

    public EquatableArray<HelperSpec> ToArray() => _helpers.OrderBy(h => h.Name, StringComparer.Ordinal).ToEquatableArray();
}
