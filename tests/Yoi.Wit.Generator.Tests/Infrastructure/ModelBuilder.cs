using System.Collections.Immutable;
using Yoi.Wit.Model;
using Yoi.Wit.Text;

namespace Yoi.Wit.Generator.Tests.Infrastructure;

/// <summary>
/// Builds a <see cref="WitResolve"/> by hand, shaped as the resolver produces it (an arena of packages,
/// interfaces, worlds and types). Lets the generator be tested independently of the parser/resolver.
/// </summary>
internal sealed class ModelBuilder
{
    private readonly List<WitPackage> _packages = new();
    private readonly List<InterfaceDraft> _interfaces = new();
    private readonly List<WorldDraft> _worlds = new();
    private readonly List<WitTypeDef> _types = new();
    private readonly List<int> _roots = new();
    private int _line = 1;

    public ModelBuilder(string path) => Path = path;

    public string Path { get; }

    public static readonly WitType Bool = WitType.Primitive(WitTypeKind.Bool);
    public static readonly WitType U8 = WitType.Primitive(WitTypeKind.U8);
    public static readonly WitType U16 = WitType.Primitive(WitTypeKind.U16);
    public static readonly WitType U32 = WitType.Primitive(WitTypeKind.U32);
    public static readonly WitType U64 = WitType.Primitive(WitTypeKind.U64);
    public static readonly WitType S8 = WitType.Primitive(WitTypeKind.S8);
    public static readonly WitType S16 = WitType.Primitive(WitTypeKind.S16);
    public static readonly WitType S32 = WitType.Primitive(WitTypeKind.S32);
    public static readonly WitType S64 = WitType.Primitive(WitTypeKind.S64);
    public static readonly WitType F32 = WitType.Primitive(WitTypeKind.F32);
    public static readonly WitType F64 = WitType.Primitive(WitTypeKind.F64);
    public static readonly WitType Chr = WitType.Primitive(WitTypeKind.Char);
    public static readonly WitType Str = WitType.Primitive(WitTypeKind.String);
    public static readonly WitType ErrorContext = WitType.Primitive(WitTypeKind.ErrorContext);

    /// <summary>A fresh location on the next line, so every item's diagnostics are distinguishable.</summary>
    public SourceLocation Next(int column = 3) => At(_line++, column);

    public SourceLocation At(int line, int column = 3) => new(Path, line, column, line, column + 5);

    public int Package(string ns, string name, string? version, bool root = true)
    {
        _packages.Add(new WitPackage(new WitPackageName(ns, name, version), "", EquatableArray<NamedIndex>.Empty, EquatableArray<NamedIndex>.Empty, At(1, 1)));
        if (root)
        {
            _roots.Add(_packages.Count - 1);
        }

        return _packages.Count - 1;
    }

    public int Interface(int package, string name, string docs = "")
    {
        _interfaces.Add(new InterfaceDraft(name, package, docs, Next(1)));
        var index = _interfaces.Count - 1;
        var p = _packages[package];
        _packages[package] = p with { Interfaces = p.Interfaces.Append(new NamedIndex(name, index)).ToEquatableArray() };
        return index;
    }

    public int World(int package, string name, string docs = "")
    {
        _worlds.Add(new WorldDraft(name, package, docs, Next(1)));
        var index = _worlds.Count - 1;
        var p = _packages[package];
        _packages[package] = p with { Worlds = p.Worlds.Append(new NamedIndex(name, index)).ToEquatableArray() };
        return index;
    }

    /// <summary>A named type owned by an interface.</summary>
    public WitType Named(int iface, string name, WitTypeDefKind kind, string docs = "", SourceLocation? at = null)
    {
        _types.Add(new WitTypeDef(name, kind, WitTypeOwner.Interface(iface), docs, WitStability.Unknown, at ?? Next()));
        var id = _types.Count - 1;
        _interfaces[iface].Types.Add(new NamedIndex(name, id));
        return WitType.Def(id);
    }

    /// <summary>A named type owned by a world.</summary>
    public WitType WorldType(int world, string name, WitTypeDefKind kind, string docs = "")
    {
        _types.Add(new WitTypeDef(name, kind, WitTypeOwner.World(world), docs, WitStability.Unknown, Next()));
        var id = _types.Count - 1;
        _worlds[world].Imports.Add(new WitWorldItem(name, false, WitWorldItemKind.Type, null, null, id, WitStability.Unknown));
        return WitType.Def(id);
    }

    /// <summary>An anonymous type (option, list, tuple, result, handle, ...).</summary>
    public WitType Anon(WitTypeDefKind kind, SourceLocation? at = null)
    {
        _types.Add(new WitTypeDef(null, kind, WitTypeOwner.None, "", WitStability.Unknown, at ?? Next(10)));
        return WitType.Def(_types.Count - 1);
    }

    public WitType Record(int iface, string name, params (string Name, WitType Type)[] fields) =>
        Named(iface, name, new WitRecordKind(fields.Select(f => new WitField(f.Name, f.Type, "")).ToEquatableArray()));

    public WitType Variant(int iface, string name, params (string Name, WitType? Payload)[] cases) =>
        Named(iface, name, new WitVariantKind(cases.Select(c => new WitCase(c.Name, c.Payload, "")).ToEquatableArray()));

    public WitType Enum(int iface, string name, params string[] cases) =>
        Named(iface, name, new WitEnumKind(cases.ToEquatableArray()));

    public WitType Flags(int iface, string name, params string[] flags) =>
        Named(iface, name, new WitFlagsKind(flags.ToEquatableArray()));

    /// <summary>A <c>use</c>d name: an alias owned by <paramref name="iface"/> naming <paramref name="target"/>.</summary>
    public WitType Use(int iface, string name, WitType target) => Named(iface, name, new WitAliasKind(target));

    public WitType Option(WitType inner) => Anon(new WitOptionKind(inner));

    public WitType List(WitType element) => Anon(new WitListKind(element));

    public WitType Tuple(params WitType[] elements) => Anon(new WitTupleKind(elements.ToEquatableArray()));

    public WitType Result(WitType? ok, WitType? err) => Anon(new WitResultKind(ok, err));

    public WitFunction Function(string name, (string Name, WitType Type)[] parameters, WitType? result = null, string docs = "", bool isAsync = false) =>
        new(name, WitFunctionKind.Freestanding, null, isAsync, parameters.Select(p => new WitParam(p.Name, p.Type)).ToEquatableArray(), result, docs, WitStability.Unknown, Next());

    public WitFunction Func(int iface, string name, (string Name, WitType Type)[] parameters, WitType? result = null, string docs = "", bool isAsync = false)
    {
        var f = Function(name, parameters, result, docs, isAsync);
        _interfaces[iface].Functions.Add(f);
        return f;
    }

    public void AddMember(int iface, WitFunction f) => _interfaces[iface].Functions.Add(f);

    public void ImportInterface(int world, int iface) => AddInterfaceItem(world, iface, import: true);

    public void ExportInterface(int world, int iface) => AddInterfaceItem(world, iface, import: false);

    public void ImportFunction(int world, WitFunction f) =>
        _worlds[world].Imports.Add(new WitWorldItem(f.Name, false, WitWorldItemKind.Function, null, f, null, WitStability.Unknown));

    public void ExportFunction(int world, WitFunction f) =>
        _worlds[world].Exports.Add(new WitWorldItem(f.Name, false, WitWorldItemKind.Function, null, f, null, WitStability.Unknown));

    public WitResolve Build() => new(
        _packages.ToEquatableArray(),
        _interfaces.Select(i => new WitInterface(i.Name, i.Package, i.Docs, WitStability.Unknown, i.Types.ToEquatableArray(), i.Functions.ToEquatableArray(), i.Location)).ToEquatableArray(),
        _worlds.Select(w => new WitWorld(w.Name, w.Package, w.Docs, WitStability.Unknown, w.Imports.ToEquatableArray(), w.Exports.ToEquatableArray(), w.Location)).ToEquatableArray(),
        _types.ToEquatableArray())
    {
        RootPackages = _roots.ToEquatableArray(),
    };

    private void AddInterfaceItem(int world, int iface, bool import)
    {
        var pkg = _packages[_interfaces[iface].Package].Name;
        var key = $"{pkg.Namespace}:{pkg.Name}/{_interfaces[iface].Name}{(pkg.Version is null ? "" : "@" + pkg.Version)}";
        var item = new WitWorldItem(key, true, WitWorldItemKind.Interface, iface, null, null, WitStability.Unknown);
        (import ? _worlds[world].Imports : _worlds[world].Exports).Add(item);
    }

    private sealed record InterfaceDraft(string Name, int Package, string Docs, SourceLocation Location)
    {
        public List<NamedIndex> Types { get; } = new();

        public List<WitFunction> Functions { get; } = new();
    }

    private sealed record WorldDraft(string Name, int Package, string Docs, SourceLocation Location)
    {
        public List<WitWorldItem> Imports { get; } = new();

        public List<WitWorldItem> Exports { get; } = new();
    }
}
