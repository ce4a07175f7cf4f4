using System.Text;
using Yoi.Wit.Generator.Spec;
using Yoi.Wit.Model;

namespace Yoi.Wit.Generator.Emit;

/// <summary>
/// Renders a <see cref="UnitSpec"/> as C#. Reads nothing but the spec: every decision (names, types,
/// conversions) was made by <see cref="SpecBuilder"/>, so this is formatting only.
/// </summary>
public static class Emitter
{
    private const string CV = TypeMapper.CV;
    private const string CVs = TypeMapper.CVs;
    private const string Bindings = TypeMapper.Bindings;
    private const string Linker = "global::Wasmtime.Components.ComponentLinker";

    /// <summary>The generator's version, as written into <c>[GeneratedCode]</c>.</summary>
    public static readonly string Version = typeof(Emitter).Assembly.GetName().Version?.ToString() ?? "1.0.0.0";

    private static readonly string GeneratedCode = $"[global::System.CodeDom.Compiler.GeneratedCode(\"Yoi.Wit.Generator\", \"{Version}\")]";

    public static string Emit(UnitSpec unit) => unit switch
    {
        InterfaceUnitSpec i => EmitInterface(i),
        WorldUnitSpec w => EmitWorld(w),
        _ => throw new ArgumentOutOfRangeException(nameof(unit)),
    };

    // ---- interface --------------------------------------------------------------------------

    private static string EmitInterface(InterfaceUnitSpec unit)
    {
        var w = Begin(unit.Namespace);
        foreach (var type in unit.Types)
        {
            EmitType(w, type);
        }

        var functions = unit.Functions;
        if (unit.Imported)
        {
            if (functions.Count > 0)
            {
                Docs(w, FromWit(unit.Docs, $"The host side of WIT interface `{unit.WitId}`: implement it and register it with <see cref=\"{unit.HostClassName}.AddToLinker\"/>."));
                w.Line(GeneratedCode);
                HostInterface(w, unit.HostInterfaceName, functions);
            }

            Docs(w, $"Registers the host side of WIT interface `{unit.WitId}` on a <see cref=\"{Linker}\"/>.");
            w.Line(GeneratedCode);
            w.Line($"public static class {unit.HostClassName}");
            w.Open();
            Docs(w, "The instance name the component imports.");
            w.Line($"public const string InstanceName = {Naming.Literal(unit.WitId)};");
            w.Line();
            if (functions.Count > 0)
            {
                Docs(w, $"Defines every function of `{unit.WitId}` on <paramref name=\"linker\"/>, calling <paramref name=\"host\"/>. An exception thrown by <paramref name=\"host\"/> traps the calling guest with a message naming the function.");
                w.Line($"public static void AddToLinker({Linker} linker, {unit.HostInterfaceName} host)");
                w.Open();
                w.Line("global::System.ArgumentNullException.ThrowIfNull(linker);");
                w.Line("global::System.ArgumentNullException.ThrowIfNull(host);");
                w.Line("using var root = linker.Root();");
                w.Line("using var instance = root.AddInstance(InstanceName);");
                foreach (var f in functions)
                {
                    DefineFunction(w, "instance", "InstanceName", f);
                }

                w.Close();
            }
            else
            {
                Docs(w, $"Defines the (types-only) instance `{unit.WitId}` on <paramref name=\"linker\"/>.");
                w.Line($"public static void AddToLinker({Linker} linker)");
                w.Open();
                w.Line("global::System.ArgumentNullException.ThrowIfNull(linker);");
                w.Line("using var root = linker.Root();");
                w.Line("using var instance = root.AddInstance(InstanceName);");
                w.Close();
            }

            w.Close();
            w.Line();
        }

        if (unit.Exported)
        {
            ExportsClass(w, unit.ExportsClassName, unit.WitId, unit.Docs, functions, "InstanceName", Naming.Literal(unit.WitId));
        }

        Conversions(w, unit.Namespace, unit.ConversionsClassName, unit.Types, unit.Helpers);
        return End(w);
    }

    // ---- world ------------------------------------------------------------------------------

    private static string EmitWorld(WorldUnitSpec unit)
    {
        var w = Begin(unit.Namespace);
        foreach (var type in unit.Types)
        {
            EmitType(w, type);
        }

        if (unit.ImportedFunctions.Count > 0)
        {
            Docs(w, $"The functions world `{unit.WitId}` imports at its root: implement them and pass them to <see cref=\"{unit.ClassName}.AddToLinker\"/>.");
            w.Line(GeneratedCode);
            HostInterface(w, unit.RootImportsInterfaceName, unit.ImportedFunctions);
        }

        Docs(w, FromWit(unit.Docs, $"Typed access to a component of WIT world `{unit.WitId}`: register its imports with <see cref=\"AddToLinker\"/>, instantiate it with <see cref=\"Instantiate\"/>, call its exports."));
        w.Line(GeneratedCode);
        w.Line($"public sealed class {unit.ClassName}");
        w.Open();
        Docs(w, "The world's WIT name.");
        w.Line($"public const string WorldName = {Naming.Literal(unit.WitId)};");
        w.Line();
        foreach (var f in unit.ExportedFunctions)
        {
            w.Line($"private readonly global::Wasmtime.Components.ComponentFunction {f.FieldName};");
        }

        if (unit.ExportedFunctions.Count > 0)
        {
            w.Line();
        }

        Docs(w, "Wraps an instance of a component that implements this world; looks up every export now, so a missing one fails here.");
        w.Line($"public {unit.ClassName}(global::Wasmtime.Components.ComponentInstance instance)");
        w.Open();
        w.Line("global::System.ArgumentNullException.ThrowIfNull(instance);");
        w.Line("this.Instance = instance;");
        foreach (var f in unit.ExportedFunctions)
        {
            w.Line($"this.{f.FieldName} = {Bindings}.Exports.GetFunction(instance, null, {Naming.Literal(f.WitName)});");
        }

        foreach (var e in unit.ExportedInterfaces)
        {
            w.Line($"this.{e.MemberName} = new {e.QualifiedExportsClass}(instance);");
        }

        w.Close();
        w.Line();
        Docs(w, "The component instance.");
        w.Line("public global::Wasmtime.Components.ComponentInstance Instance { get; }");
        foreach (var e in unit.ExportedInterfaces)
        {
            w.Line();
            Docs(w, $"The exported interface `{e.WitId}`.");
            w.Line($"public {e.QualifiedExportsClass} {e.MemberName} {{ get; }}");
        }

        // AddToLinker for every import.
        var parameters = new List<string> { $"{Linker} linker" };
        var hosts = unit.ImportedInterfaces.Where(i => i.HasFunctions).ToList();
        parameters.AddRange(hosts.Select(i => $"{i.QualifiedHostInterface} {i.ParameterName}"));
        var rootImports = unit.ImportedFunctions.Count > 0;
        if (rootImports)
        {
            parameters.Add($"{unit.RootImportsInterfaceName} {unit.RootImportsParameterName}");
        }

        w.Line();
        Docs(w, $"Defines every import of world `{unit.WitId}` on <paramref name=\"linker\"/>.");
        w.Line($"public static void AddToLinker({string.Join(", ", parameters)})");
        w.Open();
        w.Line("global::System.ArgumentNullException.ThrowIfNull(linker);");
        foreach (var i in hosts)
        {
            w.Line($"global::System.ArgumentNullException.ThrowIfNull({i.ParameterName});");
        }

        if (rootImports)
        {
            w.Line($"global::System.ArgumentNullException.ThrowIfNull({unit.RootImportsParameterName});");
        }

        foreach (var i in unit.ImportedInterfaces)
        {
            w.Line(i.HasFunctions ? $"{i.QualifiedHostClass}.AddToLinker(linker, {i.ParameterName});" : $"{i.QualifiedHostClass}.AddToLinker(linker);");
        }

        if (rootImports)
        {
            w.Line("using var root = linker.Root();");
            foreach (var f in unit.ImportedFunctions)
            {
                DefineFunction(w, "root", "\"\"", f, hostName: unit.RootImportsParameterName);
            }
        }

        w.Close();
        w.Line();
        Docs(w, "Instantiates <paramref name=\"component\"/> in <paramref name=\"store\"/> with the imports defined on <paramref name=\"linker\"/>.");
        w.Line($"public static {unit.ClassName} Instantiate({Linker} linker, global::Wasmtime.Store store, global::Wasmtime.Components.Component component)");
        w.Open();
        w.Line("global::System.ArgumentNullException.ThrowIfNull(linker);");
        w.Line($"return new {unit.ClassName}(linker.Instantiate(store, component));");
        w.Close();
        foreach (var f in unit.ExportedFunctions)
        {
            w.Line();
            CallExport(w, f);
        }

        w.Close();
        w.Line();
        Conversions(w, unit.Namespace, unit.ConversionsClassName, unit.Types, unit.Helpers);
        return End(w);
    }

    // ---- pieces -----------------------------------------------------------------------------

    private static void DefineFunction(CodeWriter w, string instance, string instanceName, FunctionSpec f, string hostName = "host")
    {
        var args = string.Join(", ", f.Params.Select((p, i) => $"{p.Lift}(args[{i}])"));
        var call = $"{hostName}.{f.MethodName}({args})";
        w.Line($"{Bindings}.HostCall.Define({instance}, {instanceName}, {Naming.Literal(f.WitName)}, (args, results) =>");
        w.Open();
        w.Line(f.Result is { } r ? $"results[0] = {r.Lower}({call});" : $"{call};");
        w.CloseWith("});");
    }

    private static void ExportsClass(CodeWriter w, string className, string witId, string docs, Model.EquatableArray<FunctionSpec> functions, string constName, string literal)
    {
        Docs(w, $"Calls the functions a component exports as WIT interface `{witId}`.{(docs.Length > 0 ? "\n" + Xml(docs) : "")}");
        w.Line(GeneratedCode);
        w.Line($"public sealed class {className}");
        w.Open();
        Docs(w, "The exported instance name.");
        w.Line($"public const string {constName} = {literal};");
        w.Line();
        foreach (var f in functions)
        {
            w.Line($"private readonly global::Wasmtime.Components.ComponentFunction {f.FieldName};");
        }

        if (functions.Count > 0)
        {
            w.Line();
        }

        Docs(w, "Looks up every exported function now, so a missing one fails here.");
        w.Line($"public {className}(global::Wasmtime.Components.ComponentInstance instance)");
        w.Open();
        w.Line("global::System.ArgumentNullException.ThrowIfNull(instance);");
        foreach (var f in functions)
        {
            w.Line($"this.{f.FieldName} = {Bindings}.Exports.GetFunction(instance, {constName}, {Naming.Literal(f.WitName)});");
        }

        w.Close();
        foreach (var f in functions)
        {
            w.Line();
            CallExport(w, f);
        }

        w.Close();
        w.Line();
    }

    private static void CallExport(CodeWriter w, FunctionSpec f)
    {
        FunctionDocs(w, f);
        var args = f.Params.Count == 0
            ? $"global::System.Array.Empty<{CV}>()"
            : $"new {CV}[] {{ {string.Join(", ", f.Params.Select(p => $"{p.Lower}({p.Name})"))} }}";
        w.Line($"public {Return(f)} {f.MethodName}({Parameters(f)})");
        w.Open();
        if (f.Result is { } r)
        {
            // `_result` cannot clash with a parameter: WIT names have no underscores.
            w.Line($"var _result = this.{f.FieldName}.Call({args})");
            w.Line($"    ?? throw new global::System.InvalidOperationException({Naming.Literal($"The export '{f.WitName}' returned no value.")});");
            w.Line($"return {r.Lift}(_result);");
        }
        else
        {
            w.Line($"this.{f.FieldName}.Call({args});");
        }

        w.Close();
    }

    private static void EmitType(CodeWriter w, TypeSpec type)
    {
        switch (type)
        {
            case RecordSpec r:
                // Either every positional parameter is documented or none is (CS1573).
                var fieldDocs = r.Fields.Any(f => f.Docs.Length > 0)
                    ? r.Fields.Select(f => (f.Name, FromWit(f.Docs, $"WIT field `{f.WitName}`.")))
                    : null;
                Docs(w, FromWit(r.Docs, $"WIT record `{r.WitName}`."), fieldDocs);
                w.Line(GeneratedCode);
                var declaration = $"public sealed record {r.Name}({string.Join(", ", r.Fields.Select(f => $"{f.Type} {f.Name}"))})";
                if (r.ValueEquality)
                {
                    w.Line(declaration);
                    w.Open();
                    ValueEquality(w, r.Name, r.Fields.Select(f => f.Name));
                    w.Close();
                }
                else
                {
                    w.Line(declaration + ";");
                }

                w.Line();
                break;

            case VariantSpec v:
                Docs(w, FromWit(v.Docs, $"WIT variant `{v.WitName}`: one nested record per case; use <see cref=\"Match\"/> to handle every case."));
                w.Line(GeneratedCode);
                w.Line($"public abstract record {v.Name}");
                w.Open();
                w.Line($"private {v.Name}()");
                w.Open();
                w.Close();
                foreach (var c in v.Cases)
                {
                    w.Line();
                    Docs(w, FromWit(c.Docs, $"The `{c.WitName}` case."));
                    if (c.PayloadType is null)
                    {
                        w.Line($"public sealed record {c.Name}() : {v.Name};");
                    }
                    else if (c.ValueEquality)
                    {
                        w.Line($"public sealed record {c.Name}({c.PayloadType} {c.PayloadProperty}) : {v.Name}");
                        w.Open();
                        ValueEquality(w, c.Name, new[] { c.PayloadProperty });
                        w.Close();
                    }
                    else
                    {
                        w.Line($"public sealed record {c.Name}({c.PayloadType} {c.PayloadProperty}) : {v.Name};");
                    }
                }

                w.Line();
                Docs(w, "Calls the function for this value's case (with its payload, if any).");
                var funcs = v.Cases.Select(c => c.PayloadType is null
                    ? $"global::System.Func<{v.MatchResultType}> {c.ParameterName}"
                    : $"global::System.Func<{c.PayloadType}, {v.MatchResultType}> {c.ParameterName}");
                w.Line($"public {v.MatchResultType} Match<{v.MatchResultType}>({string.Join(", ", funcs)})");
                w.Open();
                foreach (var c in v.Cases)
                {
                    w.Line($"global::System.ArgumentNullException.ThrowIfNull({c.ParameterName});");
                }

                w.Line("return this switch");
                w.Open();
                foreach (var c in v.Cases)
                {
                    // `_c` cannot clash with a parameter: WIT names have no underscores.
                    w.Line(c.PayloadType is null ? $"{c.Name} => {c.ParameterName}()," : $"{c.Name} _c => {c.ParameterName}(_c.{c.PayloadProperty}),");
                }

                w.Line($"_ => throw new global::System.InvalidOperationException({Naming.Literal($"Unknown case of WIT variant `{v.WitName}`.")}),");
                w.CloseWith("};");
                w.Close();
                w.Close();
                w.Line();
                break;

            case EnumSpec e:
                Docs(w, FromWit(e.Docs, $"WIT enum `{e.WitName}`."));
                w.Line(GeneratedCode);
                w.Line($"public enum {e.Name}");
                w.Open();
                foreach (var c in e.Cases)
                {
                    Docs(w, FromWit(c.Docs, $"`{c.WitName}`"));
                    w.Line($"{c.Name},");
                }

                w.Close();
                w.Line();
                break;

            case FlagsSpec f:
                Docs(w, FromWit(f.Docs, $"WIT flags `{f.WitName}`."));
                w.Line(GeneratedCode);
                w.Line("[global::System.Flags]");
                w.Line($"public enum {f.Name} : {f.UnderlyingType}");
                w.Open();
                if (f.HasNoneMember)
                {
                    Docs(w, "No flag set.");
                    w.Line("None = 0,");
                }

                var suffix = f.UnderlyingType == "ulong" ? "ul" : "u";
                for (var i = 0; i < f.Flags.Count; i++)
                {
                    Docs(w, FromWit(f.Flags[i].Docs, $"`{f.Flags[i].WitName}`"));
                    w.Line($"{f.Flags[i].Name} = 1{suffix} << {i},");
                }

                w.Close();
                w.Line();
                break;
        }
    }

    /// <summary>Equals/GetHashCode comparing every member as a WIT value (lists element by element).</summary>
    private static void ValueEquality(CodeWriter w, string name, IEnumerable<string> members)
    {
        var list = members.ToList();
        Docs(w, "Value equality: lists compare element by element (see <see cref=\"global::Yoi.Wit.Bindings.WitEquality\"/>).");
        w.Line($"public bool Equals({name}? other) =>");
        w.Line("    other is not null");
        w.Line("    && (global::System.Object.ReferenceEquals(this, other)");
        for (var i = 0; i < list.Count; i++)
        {
            w.Line($"        {(i == 0 ? "|| (" : "    && ")}{Bindings}.WitEquality.ValueEquals(this.{list[i]}, other.{list[i]}){(i + 1 == list.Count ? "));" : "")}");
        }

        w.Line();
        Docs(w, "A hash consistent with <see cref=\"Equals(" + name + ")\"/>.");
        w.Line("public override int GetHashCode()");
        w.Open();
        w.Line("var hash = new global::System.HashCode();");
        foreach (var m in list)
        {
            w.Line($"hash.Add({Bindings}.WitEquality.ValueHash(this.{m}));");
        }

        w.Line("return hash.ToHashCode();");
        w.Close();
    }

    private static void Conversions(CodeWriter w, string ns, string className, Model.EquatableArray<TypeSpec> types, Model.EquatableArray<HelperSpec> helpers)
    {
        if (types.Count == 0 && helpers.Count == 0)
        {
            return;
        }

        Docs(w, "Conversions between the C# types of this file and Wasmtime component values.");
        w.Line(GeneratedCode);
        w.Line("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
        w.Line($"internal static class {className}");
        w.Open();
        var first = true;
        void Gap()
        {
            if (!first)
            {
                w.Line();
            }

            first = false;
        }

        foreach (var type in types)
        {
            // Members are Lower{T}, Lift{T} and Map{T} (never equal to each other: SpecBuilder and NameTable see to
            // it); type positions are qualified, since a member (record `point`'s LowerPoint) may share a type's name.
            var t = type.Name;
            var q = $"global::{ns}.{t}";
            switch (type)
            {
                case RecordSpec r:
                    Gap();
                    w.Line($"internal static {CV} Lower{t}({q} value)");
                    w.Open();
                    w.Line("global::System.ArgumentNullException.ThrowIfNull(value);");
                    w.Line($"return {CVs}.Record(");
                    for (var i = 0; i < r.Fields.Count; i++)
                    {
                        var f = r.Fields[i];
                        w.Line($"    {CVs}.Field({Naming.Literal(f.WitName)}, {f.Lower}(value.{f.Name})){(i + 1 < r.Fields.Count ? "," : ");")}");
                    }

                    if (r.Fields.Count == 0)
                    {
                        w.Line("    );");
                    }

                    w.Close();
                    w.Line();
                    w.Line($"internal static {q} Lift{t}({CV} value) => new(");
                    for (var i = 0; i < r.Fields.Count; i++)
                    {
                        var f = r.Fields[i];
                        w.Line($"    {f.Lift}({CVs}.Field(value, {i}, {Naming.Literal(f.WitName)})){(i + 1 < r.Fields.Count ? "," : ");")}");
                    }

                    if (r.Fields.Count == 0)
                    {
                        w.Line("    );");
                    }

                    break;

                case VariantSpec v:
                    Gap();
                    w.Line($"internal static {CV} Lower{t}({q} value) => value switch");
                    w.Open();
                    foreach (var c in v.Cases)
                    {
                        w.Line(c.PayloadType is null
                            ? $"{q}.{c.Name} => {CVs}.Variant({Naming.Literal(c.WitName)}),"
                            : $"{q}.{c.Name} c => {CVs}.Variant({Naming.Literal(c.WitName)}, {c.Lower}(c.{c.PayloadProperty})),");
                    }

                    w.Line($"null => throw new global::System.ArgumentNullException(nameof(value)),");
                    w.Line($"_ => throw new global::System.ArgumentOutOfRangeException(nameof(value), value, {Naming.Literal($"Unknown case of WIT variant `{v.WitName}`.")}),");
                    w.CloseWith("};");
                    w.Line();
                    w.Line($"internal static {q} Lift{t}({CV} value) => {CVs}.VariantCase(value) switch");
                    w.Open();
                    foreach (var c in v.Cases)
                    {
                        w.Line(c.PayloadType is null
                            ? $"{Naming.Literal(c.WitName)} => new {q}.{c.Name}(),"
                            : $"{Naming.Literal(c.WitName)} => new {q}.{c.Name}({c.Lift}({CVs}.VariantPayload(value))),");
                    }

                    w.Line($"var other => throw new global::System.InvalidOperationException($\"Unknown case '{{other}}' of WIT variant `{v.WitName}`.\"),");
                    w.CloseWith("};");
                    break;

                case EnumSpec e:
                    Gap();
                    w.Line($"private static readonly {Bindings}.WitEnum<{q}> Map{t} = new({string.Join(", ", e.Cases.Select(c => Naming.Literal(c.WitName)))});");
                    w.Line();
                    w.Line($"internal static {CV} Lower{t}({q} value) => Map{t}.ToValue(value);");
                    w.Line();
                    w.Line($"internal static {q} Lift{t}({CV} value) => Map{t}.FromValue(value);");
                    break;

                case FlagsSpec f:
                    Gap();
                    w.Line($"private static readonly {Bindings}.WitFlags<{q}> Map{t} = new({string.Join(", ", f.Flags.Select(c => Naming.Literal(c.WitName)))});");
                    w.Line();
                    w.Line($"internal static {CV} Lower{t}({q} value) => Map{t}.ToValue(value);");
                    w.Line();
                    w.Line($"internal static {q} Lift{t}({CV} value) => Map{t}.FromValue(value);");
                    break;
            }
        }

        foreach (var h in helpers)
        {
            Gap();
            foreach (var line in h.Code.Split('\n'))
            {
                w.Line(line);
            }
        }

        w.Close();
    }

    private static string Return(FunctionSpec f) => f.Result?.Type ?? "void";

    private static string Parameters(FunctionSpec f) => string.Join(", ", f.Params.Select(p => $"{p.Type} {p.Name}"));

    /// <summary>A host interface: one method per function, each with its WIT docs, blank lines between.</summary>
    private static void HostInterface(CodeWriter w, string name, EquatableArray<FunctionSpec> functions)
    {
        w.Line($"public interface {name}");
        w.Open();
        for (int i = 0; i < functions.Count; i++)
        {
            if (i > 0)
            {
                w.Line();
            }

            FunctionDocs(w, functions[i]);
            w.Line($"{Return(functions[i])} {functions[i].MethodName}({Parameters(functions[i])});");
        }

        w.Close();
        w.Line();
    }

    private static void FunctionDocs(CodeWriter w, FunctionSpec f) =>
        Docs(w, FromWit(f.Docs, $"WIT function `{f.WitName}`."));

    /// <summary>Writes a doc comment from XML text: the emitter's own prose, or WIT docs passed through <see cref="FromWit"/> or <see cref="Xml"/>.</summary>
    private static void Docs(CodeWriter w, string xml, IEnumerable<(string Name, string Xml)>? parameters = null)
    {
        w.Line("/// <summary>");
        foreach (var line in DocLines(xml))
        {
            w.Line(("/// " + line).TrimEnd());
        }

        w.Line("/// </summary>");
        foreach (var (name, text) in parameters ?? Enumerable.Empty<(string, string)>())
        {
            w.Line($"/// <param name=\"{name}\">{string.Join(" ", DocLines(text)).Trim()}</param>");
        }
    }

    /// <summary>A WIT item's docs, escaped, or when it has none the emitter's prose (already XML).</summary>
    private static string FromWit(string witDocs, string prose) => witDocs.Length > 0 ? Xml(witDocs) : prose;

    /// <summary>WIT doc lines keep the space after <c>///</c> (as wit-parser does); drop one.</summary>
    private static IEnumerable<string> DocLines(string docs) =>
        docs.Replace("\r\n", "\n").Split('\n').Select(l => l.StartsWith(" ", StringComparison.Ordinal) ? l.Substring(1) : l);

    /// <summary>Escapes WIT doc text for XML: WIT docs are plain text, whatever they look like.</summary>
    private static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

    private static CodeWriter Begin(string ns)
    {
        var w = new CodeWriter();
        w.Line("// <auto-generated/>");
        w.Line("// Generated by Yoi.Wit.Generator from WIT. Do not edit: change the .wit files instead.");
        w.Line("#nullable enable");
        w.Line("#pragma warning disable CS1591 // WIT items without doc comments still get a summary; this covers members.");
        w.Line();
        w.Line($"namespace {ns}");
        w.Open();
        return w;
    }

    private static string End(CodeWriter w)
    {
        w.TrimTrailingBlankLines();
        w.Close();
        return w.ToString();
    }
}

/// <summary>A small indenting text writer with \n line endings (stable snapshots on every OS).</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder _sb = new();
    private int _indent;

    public void Line(string text = "")
    {
        if (text.Length > 0)
        {
            _sb.Append(' ', _indent * 4);
            _sb.Append(text);
        }

        _sb.Append('\n');
    }

    public void Open()
    {
        Line("{");
        _indent++;
    }

    public void Close() => CloseWith("}");

    public void CloseWith(string text)
    {
        _indent--;
        Line(text);
    }

    public void TrimTrailingBlankLines()
    {
        while (_sb.Length >= 2 && _sb[_sb.Length - 1] == '\n' && _sb[_sb.Length - 2] == '\n')
        {
            _sb.Length--;
        }
    }

    public override string ToString() => _sb.ToString();
}
