using System.Collections.Immutable;
using Yoi.Wit.Model;
using Yoi.Wit.Text;

namespace Yoi.Wit.Generator.Spec;

/// <summary>What the project asked for: worlds to bind (empty: every world of the root package) and a namespace.</summary>
public sealed record GeneratorOptions(EquatableArray<string> Worlds, string? Namespace, EquatableArray<string> Features)
{
    public static readonly GeneratorOptions Default = new(EquatableArray<string>.Empty, null, EquatableArray<string>.Empty);
}

/// <summary>
/// Turns a resolved WIT model into one <see cref="UnitSpec"/> per generated file plus diagnostics.
/// Pure and deterministic: the same model and options always give equal specs.
/// </summary>
public static class SpecBuilder
{
    private static readonly HashSet<string> ReservedMembers = new(StringComparer.Ordinal)
    {
        "ToString", "Equals", "GetHashCode", "GetType", "MemberwiseClone", "Finalize", "ReferenceEquals",
        "Instance", "InstanceName", "WorldName", "Instantiate", "AddToLinker",
    };

    private static readonly HashSet<string> ReservedRecordMembers = new(StringComparer.Ordinal)
    {
        "ToString", "Equals", "GetHashCode", "GetType", "MemberwiseClone", "Finalize", "EqualityContract",
        "Deconstruct", "PrintMembers", "Match",
    };

    public static GenerationModel Build(WitResolve resolve, GeneratorOptions options)
    {
        var builder = new Builder(resolve, options);
        return builder.Run();
    }

    private sealed class Builder
    {
        private readonly WitResolve _r;
        private readonly GeneratorOptions _options;
        private readonly TypeMapper _types;
        private readonly List<DiagnosticInfo> _diagnostics = new();
        private readonly NameTable _names;

        public Builder(WitResolve resolve, GeneratorOptions options)
        {
            _r = resolve;
            _options = options;
            _names = new NameTable(resolve, options);
            _types = new TypeMapper(resolve, _names);
        }

        public GenerationModel Run()
        {
            var worlds = SelectWorlds();
            var imported = new SortedSet<int>();
            var exported = new SortedSet<int>();
            var reachable = new HashSet<int>();

            foreach (var w in worlds)
            {
                var world = _r.Worlds[w];
                foreach (var (item, isImport) in world.Imports.Select(i => (i, true)).Concat(world.Exports.Select(e => (e, false))))
                {
                    switch (item.Kind)
                    {
                        case WitWorldItemKind.Interface when item.Interface is { } iface:
                            (isImport ? imported : exported).Add(iface);

                            foreach (var t in _r.Interfaces[iface].Types)
                            {
                                Reach(WitType.Def(t.Index), reachable);
                            }

                            foreach (var f in _r.Interfaces[iface].Functions)
                            {
                                ReachFunction(f, reachable);
                            }

                            break;
                        case WitWorldItemKind.Function when item.Function is { } f:
                            ReachFunction(f, reachable);
                            break;
                        case WitWorldItemKind.Type when item.Type is { } t:
                            Reach(WitType.Def(t), reachable);
                            break;
                    }
                }
            }

            // Interfaces that only own types some bound interface uses get a types-only unit.
            var owners = new SortedSet<int>(imported.Concat(exported));
            foreach (var id in reachable)
            {
                var def = _r.Types[id];
                if (def.Owner.Kind == WitTypeOwnerKind.Interface && (TypeMapper.IsNominal(def.Kind) || def.Kind is WitResourceKind))
                {
                    owners.Add(def.Owner.Index);
                }
            }

            var units = new List<UnitSpec>();
            foreach (var i in owners)
            {
                units.Add(BuildInterface(i, imported.Contains(i), exported.Contains(i), reachable));
            }

            foreach (var w in worlds)
            {
                units.Add(BuildWorld(w, reachable));
            }

            // Hint names must be unique within the compilation.
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < units.Count; i++)
            {
                var hint = units[i].HintName;
                for (var n = 2; !seen.Add(hint); n++)
                {
                    hint = units[i].HintName.Replace(".g.cs", $".{n}.g.cs");
                }

                units[i] = units[i] switch
                {
                    InterfaceUnitSpec iu => iu with { HintName = hint },
                    WorldUnitSpec wu => wu with { HintName = hint },
                    _ => units[i],
                };
            }

            return new GenerationModel(units.ToEquatableArray(), _diagnostics.ToEquatableArray());
        }

        // ---- world selection -----------------------------------------------------------------

        private List<int> SelectWorlds()
        {
            var roots = _r.RootPackages.Count > 0
                ? _r.RootPackages.AsImmutableArray()
                : (_r.Packages.Count > 0 ? [_r.Packages.Count - 1] : []);
            var result = new List<int>();
            if (_options.Worlds.Count == 0)
            {
                foreach (var p in roots)
                {
                    result.AddRange(_r.Packages[p].Worlds.Select(w => w.Index));
                }

                if (result.Count == 0 && roots.Length > 0)
                {
                    ReportNoWorld(roots);
                }

                return result;
            }

            foreach (var requested in _options.Worlds)
            {
                var matches = new List<int>();
                for (var w = 0; w < _r.Worlds.Count; w++)
                {
                    var world = _r.Worlds[w];
                    var pkg = _r.Packages[world.Package].Name;
                    if (requested.Contains(':'))
                    {
                        var full = $"{pkg.Namespace}:{pkg.Name}/{world.Name}";
                        if (requested == full || (pkg.Version is not null && requested == $"{full}@{pkg.Version}"))
                        {
                            matches.Add(w);
                        }
                    }
                    else if (world.Name == requested && roots.Contains(world.Package))
                    {
                        matches.Add(w);
                    }
                }

                if (matches.Count == 1)
                {
                    if (!result.Contains(matches[0]))
                    {
                        result.Add(matches[0]);
                    }

                    continue;
                }

                var location = roots.Length > 0 ? _r.Packages[roots[0]].Location : SourceLocation.None("");
                var available = string.Join(", ", roots.SelectMany(p => _r.Packages[p].Worlds.Select(w => w.Name)));
                var inDeps = requested.Contains(':')
                    ? []
                    : Enumerable.Range(0, _r.Worlds.Count).Where(w => _r.Worlds[w].Name == requested && !roots.Contains(_r.Worlds[w].Package)).Select(FullName).ToList();
                _diagnostics.Add(new DiagnosticInfo(
                    WitDiagnosticIds.UnknownWorld,
                    WitSeverity.Error,
                    matches.Count == 0
                        ? $"YoiWitWorld names world `{requested}`, which is not defined (worlds of the root package: {(available.Length == 0 ? "none" : available)})"
                            + (inDeps.Count == 0 ? "" : $"; a dependency's world is named in full: {string.Join(", ", inDeps.Select(n => $"`{n}`"))}")
                        : $"YoiWitWorld names world `{requested}`, which matches {matches.Count} worlds; qualify it as namespace:package/world@version",
                    location));
            }

            return result;
        }

        /// <summary>Nothing to bind would otherwise be silent: say so, and how to bind a dependency's world instead.</summary>
        private void ReportNoWorld(ImmutableArray<int> roots)
        {
            var packages = string.Join(", ", roots.Select(p => $"`{_r.Packages[p].Name}`"));
            var depWorlds = Enumerable.Range(0, _r.Worlds.Count).Where(w => !roots.Contains(_r.Worlds[w].Package)).Select(FullName).ToList();
            var how = depWorlds.Count == 0
                ? "add a world to it, or put a package that has one under deps/ and name that world in full, e.g. <YoiWitWorld>wasi:cli/command@0.3.0</YoiWitWorld>"
                : $"add a world to it, or bind a dependency's world by naming it in full, e.g. <YoiWitWorld>{depWorlds[0]}</YoiWitWorld> (worlds of the dependencies: {string.Join(", ", depWorlds)})";
            _diagnostics.Add(new DiagnosticInfo(
                WitDiagnosticIds.NoWorld,
                WitSeverity.Warning,
                $"{(roots.Length == 1 ? "package" : "packages")} {packages} {(roots.Length == 1 ? "defines" : "define")} no world, so nothing is generated: {how}",
                _r.Packages[roots[0]].Location));
        }

        /// <summary><c>ns:pkg/world@version</c>: the world's id, as <c>YoiWitWorld</c> accepts it and <c>WorldName</c> holds it.</summary>
        private string FullName(int world)
        {
            var pkg = _r.Packages[_r.Worlds[world].Package].Name;
            return $"{pkg.Namespace}:{pkg.Name}/{_r.Worlds[world].Name}{(pkg.Version is null ? "" : "@" + pkg.Version)}";
        }

        // ---- reachability ------------------------------------------------------------------

        private void ReachFunction(WitFunction f, HashSet<int> reachable)
        {
            foreach (var p in f.Params)
            {
                Reach(p.Type, reachable);
            }

            if (f.Result is { } result)
            {
                Reach(result, reachable);
            }
        }

        private void Reach(WitType type, HashSet<int> reachable)
        {
            if (!type.IsDef || !reachable.Add(type.TypeId))
            {
                return;
            }

            switch (_r.Types[type.TypeId].Kind)
            {
                case WitAliasKind a: Reach(a.Target, reachable); break;
                case WitRecordKind r: foreach (var f in r.Fields) { Reach(f.Type, reachable); } break;
                case WitVariantKind v: foreach (var c in v.Cases) { if (c.Payload is { } p) { Reach(p, reachable); } } break;
                case WitTupleKind t: foreach (var e in t.Elements) { Reach(e, reachable); } break;
                case WitOptionKind o: Reach(o.Inner, reachable); break;
                case WitListKind l: Reach(l.Element, reachable); break;
                case WitResultKind res:
                    if (res.Ok is { } ok) { Reach(ok, reachable); }
                    if (res.Err is { } err) { Reach(err, reachable); }
                    break;
            }
        }

        // ---- units -------------------------------------------------------------------------

        private InterfaceUnitSpec BuildInterface(int index, bool imported, bool exported, HashSet<int> reachable)
        {
            var iface = _r.Interfaces[index];
            var ns = _names.InterfaceNamespace(index);
            var names = _names.Classes(index);
            var id = _names.InterfaceId(index);
            var helpers = new UnitHelpers($"global::{ns}.{names.Conversions}", ConverterNames(iface.Types.Select(t => t.Index), names.Conversions));
            var types = BuildTypes(iface.Types.Select(t => t.Index), reachable, helpers, $"interface `{id}`");

            var functions = new List<FunctionSpec>();
            if (imported || exported)
            {
                // Methods live in the host interface and the exports class: neither may have a member of its own name (CS0542).
                var taken = new HashSet<string>(StringComparer.Ordinal) { names.HostInterface, names.HostClass, names.Exports };
                foreach (var f in iface.Functions)
                {
                    if (BuildFunction(f, $"interface `{id}`", helpers, taken) is { } spec)
                    {
                        functions.Add(spec);
                    }
                }
            }

            return new InterfaceUnitSpec(
                HintName: ns + ".g.cs",
                Namespace: ns,
                WitId: id,
                Docs: iface.Docs,
                HostInterfaceName: names.HostInterface,
                HostClassName: names.HostClass,
                ExportsClassName: names.Exports,
                ConversionsClassName: names.Conversions,
                Imported: imported,
                Exported: exported,
                Types: types,
                Functions: functions.ToEquatableArray(),
                Helpers: helpers.ToArray());
        }

        private WorldUnitSpec BuildWorld(int index, HashSet<int> reachable)
        {
            var world = _r.Worlds[index];
            var ns = _names.WorldNamespace(index);
            var worldNames = _names.World(index);
            var className = worldNames.Class;
            var id = FullName(index);
            var ownTypes = new List<int>();
            foreach (var item in world.Imports.Concat(world.Exports))
            {
                if (item.Kind == WitWorldItemKind.Type && item.Type is { } t && _r.Types[t].Owner == WitTypeOwner.World(index))
                {
                    ownTypes.Add(t);
                }
            }

            for (var t = 0; t < _r.Types.Count; t++)
            {
                if (_r.Types[t].Owner == WitTypeOwner.World(index) && !ownTypes.Contains(t) && reachable.Contains(t))
                {
                    ownTypes.Add(t);
                }
            }

            var helpers = new UnitHelpers($"global::{ns}.{worldNames.Conversions}", ConverterNames(ownTypes, worldNames.Conversions));
            var types = BuildTypes(ownTypes, reachable, helpers, $"world `{id}`");
            var taken = new HashSet<string>(ReservedMembers, StringComparer.Ordinal) { className };
            var importedInterfaces = new List<InterfaceRefSpec>();
            var exportedInterfaces = new List<InterfaceRefSpec>();
            // AddToLinker's parameters share its body with the `root` local and the host lambdas' (args, results).
            var usedParams = new HashSet<string>(StringComparer.Ordinal) { "linker", "root", "args", "results" };
            foreach (var (item, isImport) in world.Imports.Select(i => (i, true)).Concat(world.Exports.Select(e => (e, false))))
            {
                if (item.Kind != WitWorldItemKind.Interface || item.Interface is not { } i)
                {
                    continue;
                }

                var ifaceNs = _names.InterfaceNamespace(i);
                var baseName = _names.InterfaceBaseName(i);
                var iNames = _names.Classes(i);
                var member = baseName;
                for (var n = 2; !taken.Add(member); n++)
                {
                    member = baseName + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                var param = Naming.Camel(_r.Interfaces[i].Name ?? item.Key);
                for (var n = 2; !usedParams.Add(param); n++)
                {
                    param = Naming.Camel(_r.Interfaces[i].Name ?? item.Key) + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                var hasFunctions = _r.Interfaces[i].Functions.Any(f => IsBindable(f));
                var spec = new InterfaceRefSpec(
                    member,
                    param,
                    _names.InterfaceId(i),
                    $"global::{ifaceNs}.{iNames.HostInterface}",
                    $"global::{ifaceNs}.{iNames.HostClass}",
                    $"global::{ifaceNs}.{iNames.Exports}",
                    hasFunctions);
                (isImport ? importedInterfaces : exportedInterfaces).Add(spec);
            }

            var importedFunctions = new List<FunctionSpec>();
            var exportedFunctions = new List<FunctionSpec>();
            var importTaken = new HashSet<string>(StringComparer.Ordinal) { worldNames.RootImports };
            foreach (var (item, isImport) in world.Imports.Select(i => (i, true)).Concat(world.Exports.Select(e => (e, false))))
            {
                if (item.Kind == WitWorldItemKind.Function && item.Function is { } f
                    && BuildFunction(f, $"world `{id}`", helpers, isImport ? importTaken : taken) is { } spec)
                {
                    (isImport ? importedFunctions : exportedFunctions).Add(spec);
                }
            }

            return new WorldUnitSpec(
                HintName: $"{ns}.{className}.g.cs",
                Namespace: ns,
                WitId: id,
                Docs: world.Docs,
                ClassName: className,
                RootImportsInterfaceName: worldNames.RootImports,
                RootImportsParameterName: NameTable.Unique("imports", usedParams),
                ConversionsClassName: worldNames.Conversions,
                Types: types,
                ImportedFunctions: importedFunctions.ToEquatableArray(),
                ExportedFunctions: exportedFunctions.ToEquatableArray(),
                ImportedInterfaces: importedInterfaces.ToEquatableArray(),
                ExportedInterfaces: exportedInterfaces.ToEquatableArray(),
                Helpers: helpers.ToArray());
        }

        private bool IsBindable(WitFunction f) =>
            f.Kind == WitFunctionKind.Freestanding && !f.IsAsync
            && f.Params.All(p => _types.FindUnsupported(p.Type) is null)
            && (f.Result is not { } r || _types.FindUnsupported(r) is null);

        // ---- types -------------------------------------------------------------------------

        private EquatableArray<TypeSpec> BuildTypes(IEnumerable<int> candidates, HashSet<int> reachable, UnitHelpers helpers, string where)
        {
            var result = new List<TypeSpec>();
            foreach (var id in candidates)
            {
                if (!reachable.Contains(id))
                {
                    continue;
                }

                var def = _r.Types[id];
                if (def.Kind is WitResourceKind)
                {
                    _diagnostics.Add(new DiagnosticInfo(
                        WitDiagnosticIds.UnsupportedResource,
                        WitSeverity.Warning,
                        $"resource `{def.Name}` in {where} is not generated: Wasmtime's .NET component API has no resources yet, so its constructor, methods and static functions are skipped",
                        def.Location));
                    continue;
                }

                if (!TypeMapper.IsNominal(def.Kind) || def.Name is null)
                {
                    continue;
                }

                if (_types.FindUnsupported(WitType.Def(id)) is { } why)
                {
                    _diagnostics.Add(new DiagnosticInfo(
                        why.Id,
                        WitSeverity.Warning,
                        $"{def.Kind.KindName} `{def.Name}` in {where} is not generated: it uses {why.Construct}{At(why.Location)}, which Wasmtime's .NET component API cannot carry yet",
                        def.Location));
                    continue;
                }

                result.Add(BuildType(id, helpers));
            }

            return result.ToEquatableArray();
        }

        private TypeSpec BuildType(int id, UnitHelpers helpers)
        {
            var def = _r.Types[id];
            var name = _names.TypeName(id);
            switch (def.Kind)
            {
                case WitRecordKind record:
                {
                    var used = new HashSet<string>(StringComparer.Ordinal);
                    var fields = record.Fields.Select(f =>
                    {
                        var fieldName = Naming.Pascal(f.Name);
                        if (fieldName == name || ReservedRecordMembers.Contains(fieldName))
                        {
                            fieldName += "Value";
                        }

                        fieldName = Unique(fieldName, used);
                        return new FieldSpec(fieldName, f.Name, _types.CsType(f.Type), _types.Lower(f.Type, helpers), _types.Lift(f.Type, helpers), f.Docs);
                    }).ToEquatableArray();
                    return new RecordSpec(name, def.Name!, def.Docs, fields, fields.Any(f => HoldsList(f.Type)));
                }

                case WitVariantKind variant:
                {
                    var used = new HashSet<string>(StringComparer.Ordinal);
                    var cases = variant.Cases.Select(c =>
                    {
                        var caseName = Naming.Pascal(c.Name);
                        // Cases are nested types: they may not share the variant's name, a member's
                        // name, or the payload property's name (Value) that every case record has.
                        if (caseName == name || caseName == "Value" || ReservedRecordMembers.Contains(caseName))
                        {
                            caseName += "Case";
                        }

                        caseName = Unique(caseName, used);
                        const string payloadProperty = "Value";
                        return c.Payload is { } p
                            ? new CaseSpec(caseName, c.Name, Naming.Camel(c.Name), _types.CsType(p), payloadProperty, _types.Lower(p, helpers), _types.Lift(p, helpers), c.Docs, HoldsList(_types.CsType(p)))
                            : new CaseSpec(caseName, c.Name, Naming.Camel(c.Name), null, payloadProperty, null, null, c.Docs, false);
                    }).ToEquatableArray();
                    var typeParameter = Unique("TResult", new HashSet<string>(cases.Select(c => c.Name).Append(name), StringComparer.Ordinal));
                    return new VariantSpec(name, def.Name!, def.Docs, cases, typeParameter);
                }

                case WitEnumKind e:
                {
                    var used = new HashSet<string>(StringComparer.Ordinal);
                    return new EnumSpec(name, def.Name!, def.Docs, e.Cases.Select(c => new MemberSpec(Unique(Naming.Pascal(c), used), c, WitDocs.None)).ToEquatableArray());
                }

                case WitFlagsKind flags:
                {
                    var used = new HashSet<string>(StringComparer.Ordinal);
                    var members = flags.Flags.Select(f => new MemberSpec(Unique(Naming.Pascal(f), used), f, WitDocs.None)).ToEquatableArray();
                    return new FlagsSpec(name, def.Name!, def.Docs, flags.Flags.Count > 32 ? "ulong" : "uint", !used.Contains("None"), members);
                }

                default:
                    throw new InvalidOperationException($"{def.Kind.KindName} is not a nominal type.");
            }
        }

        // ---- functions ---------------------------------------------------------------------

        private FunctionSpec? BuildFunction(WitFunction f, string where, UnitHelpers helpers, HashSet<string> taken)
        {
            if (f.Kind != WitFunctionKind.Freestanding)
            {
                return null; // Resource members: the resource itself is reported.
            }

            if (f.IsAsync)
            {
                _diagnostics.Add(new DiagnosticInfo(
                    WitDiagnosticIds.UnsupportedAsync,
                    WitSeverity.Warning,
                    $"function `{f.Name}` in {where} is not generated: async functions are not supported by Wasmtime's .NET component API yet",
                    f.Location));
                return null;
            }

            foreach (var p in f.Params)
            {
                if (_types.FindUnsupported(p.Type) is { } why)
                {
                    _diagnostics.Add(new DiagnosticInfo(
                        why.Id,
                        WitSeverity.Warning,
                        $"function `{f.Name}` in {where} is not generated: parameter `{p.Name}` uses {why.Construct}{At(why.Location)}, which Wasmtime's .NET component API cannot carry yet",
                        f.Location));
                    return null;
                }
            }

            if (f.Result is { } result && _types.FindUnsupported(result) is { } whyResult)
            {
                _diagnostics.Add(new DiagnosticInfo(
                    whyResult.Id,
                    WitSeverity.Warning,
                    $"function `{f.Name}` in {where} is not generated: its result uses {whyResult.Construct}{At(whyResult.Location)}, which Wasmtime's .NET component API cannot carry yet",
                    f.Location));
                return null;
            }

            var method = Naming.Pascal(f.Name);
            if (ReservedMembers.Contains(method))
            {
                method += "Function";
            }

            method = Unique(method, taken);
            var usedParams = new HashSet<string>(StringComparer.Ordinal);
            var parameters = f.Params.Select(p => new ParamSpec(
                Unique(Naming.Camel(p.Name), usedParams),
                p.Name,
                _types.CsType(p.Type),
                _types.Lower(p.Type, helpers),
                _types.Lift(p.Type, helpers))).ToEquatableArray();
            var ret = f.Result is { } r ? new ReturnSpec(_types.CsType(r), _types.Lower(r, helpers), _types.Lift(r, helpers)) : null;
            var field = "_" + char.ToLowerInvariant(method[0]) + method.Substring(1) + "Function";
            return new FunctionSpec(f.Name, method, field, f.Docs, parameters, ret);
        }

        /// <summary>True when a C# type (as <see cref="TypeMapper.CsType"/> writes it) holds a list directly or
        /// through an option, result or tuple: its default equality would be by reference. Named types
        /// are not looked into: generated records compare by value themselves.</summary>
        private static bool HoldsList(string csType) =>
            csType.Contains("global::System.Collections.Generic.IReadOnlyList<") || csType.Contains("byte[]");

        private static string At(SourceLocation location) => location.Line == 0 ? "" : $" at {location}";

        private static string Unique(string name, HashSet<string> used) => NameTable.Unique(name, used);

        /// <summary>What a unit's structural helpers must not be named: its nominal types' converters, and the class itself (CS0542).</summary>
        private IEnumerable<string> ConverterNames(IEnumerable<int> types, string conversionsClass) =>
            NameTable.ConverterMembers(types.Where(t => TypeMapper.IsNominal(_r.Types[t].Kind)).Select(_names.TypeName)).Append(conversionsClass);
    }
}
