using Yoi.Wit.Model;
using Yoi.Wit.Syntax;
using Yoi.Wit.Text;

namespace Yoi.Wit.Resolution;

/// <summary>
/// Resolves one package into the shared arenas, in wit-parser's order: package items (interfaces and
/// worlds) sorted by their local dependencies, then each one resolved, types in dependency order.
/// Split by job: this file holds items, scopes and paths; <c>InterfaceResolver.cs</c>,
/// <c>WorldResolver.cs</c> and <c>TypeResolver.cs</c> hold the rest.
/// </summary>
internal sealed partial class PackageResolver
{
    private readonly ResolveContext _cx;
    private readonly GateFilter _gates;
    private readonly UnresolvedPackage _unresolved;
    private readonly PackageBuilder _package;
    private readonly int _packageIndex;

    /// <summary>wit-parser's anon type map: structurally equal anonymous types share one definition per package.</summary>
    private readonly Dictionary<WitTypeDefKind, int> _anonTypes = new();
    private readonly Dictionary<int, bool> _containsBorrow = new();

    private readonly List<LocalItem> _items = new();
    private readonly Dictionary<string, LocalItem> _itemsByName = new(StringComparer.Ordinal);
    private readonly Dictionary<PackageScope, Dictionary<string, ScopeName>> _scopeNames = new();

    private PackageResolver(ResolveContext cx, UnresolvedPackage unresolved)
    {
        _cx = cx;
        _gates = new GateFilter(cx);
        _unresolved = unresolved;
        _package = new PackageBuilder { Name = unresolved.ModelName, Docs = unresolved.Docs, Location = unresolved.Location };
        _packageIndex = cx.Packages.Count;
        cx.Packages.Add(_package);
        cx.PackageLookup[unresolved.Key] = _packageIndex;
    }

    private WitPackageName PackageName => _package.Name;

    /// <summary>Resolves the package; returns its index in <see cref="ResolveContext.Packages"/>.</summary>
    public static int Resolve(ResolveContext cx, UnresolvedPackage unresolved)
    {
        var resolver = new PackageResolver(cx, unresolved);
        resolver.Run();
        return resolver._packageIndex;
    }

    private sealed class LocalItem
    {
        public required Id Name { get; init; }

        public required TopLevelItem Decl { get; init; }

        public required PackageScope Scope { get; init; }

        public bool IsWorld => Decl is WorldDecl;

        public int Index { get; set; } = -1;

        public bool Excluded { get; set; }

        public bool Failed => Index < 0 && !Excluded;
    }

    private abstract record ScopeName(TextSpan Span);

    private sealed record LocalName(LocalItem Item, TextSpan Span) : ScopeName(Span);

    /// <summary>A top-level <c>use ns:pkg/iface</c>: resolved where it is used, like wit-parser's foreign deps.</summary>
    private sealed record ForeignName(PackageUsePath Path, TextSpan Span) : ScopeName(Span);

    /// <summary>A resolved reference to an interface or world; <see cref="Excluded"/> when its gate is off.</summary>
    private readonly record struct ItemRef(bool IsWorld, int Index, bool Excluded);

    private enum Expect
    {
        Interface,
        World,
    }

    private void Run()
    {
        CollectItems();
        BuildScopes();
        CheckReferenceKinds();
        if (!_cx.HasErrors)
        {
            // Every top-level `use` of another package must name an interface there, used or not.
            foreach (var scope in _unresolved.Scopes)
            {
                foreach (var use in scope.Uses)
                {
                    if (use.Path is PackageUsePath foreign)
                    {
                        ResolveForeign(foreign, Expect.Interface, scope.File);
                    }
                }
            }
        }

        if (_cx.HasErrors || !SortItems(out var order))
        {
            return;
        }

        foreach (var index in order)
        {
            var item = _items[index];
            if (item.Decl is InterfaceDecl)
            {
                ResolveInterface(item);
            }
            else
            {
                ResolveWorld(item);
            }
        }
    }

    private void CollectItems()
    {
        foreach (var scope in _unresolved.Scopes)
        {
            foreach (var decl in scope.Items)
            {
                Id? name = decl switch
                {
                    InterfaceDecl i => i.Name,
                    WorldDecl w => w.Name,
                    _ => null,
                };
                if (name is null)
                {
                    continue;
                }

                var item = new LocalItem { Name = name, Decl = decl, Scope = scope };
                if (_itemsByName.ContainsKey(name.Name))
                {
                    _cx.Error(WitDiagnosticIds.Duplicate, $"duplicate item named `{name.Name}`", scope.File, name.Span);
                    continue;
                }

                _itemsByName.Add(name.Name, item);
                _items.Add(item);
            }
        }
    }

    /// <summary>Each file (or nested block) sees the package's items plus its own top-level <c>use</c>s.</summary>
    private void BuildScopes()
    {
        foreach (var scope in _unresolved.Scopes)
        {
            var names = new Dictionary<string, ScopeName>(StringComparer.Ordinal);
            _scopeNames[scope] = names;
            foreach (var use in scope.Uses)
            {
                var local = use.As ?? (use.Path is LocalUsePath l ? l.Name : ((PackageUsePath)use.Path).Name);
                ScopeName? entry = null;
                switch (use.Path)
                {
                    case LocalUsePath path:
                        if (_itemsByName.TryGetValue(path.Name.Name, out var target))
                        {
                            entry = new LocalName(target, local.Span);
                        }
                        else
                        {
                            _cx.Error(WitDiagnosticIds.Undefined, $"interface or world `{path.Name.Name}` does not exist", scope.File, path.Span);
                        }

                        break;
                    case PackageUsePath path:
                        entry = new ForeignName(path, local.Span);
                        break;
                }

                if (entry is null)
                {
                    continue;
                }

                if (names.ContainsKey(local.Name))
                {
                    _cx.Error(WitDiagnosticIds.Duplicate, $"duplicate name `{local.Name}` in this file", scope.File, local.Span);
                    continue;
                }

                if (_itemsByName.TryGetValue(local.Name, out var clash) && clash.Scope == scope)
                {
                    _cx.Error(WitDiagnosticIds.Duplicate, $"duplicate name `{local.Name}` in this file", scope.File, clash.Name.Span);
                    continue;
                }

                names[local.Name] = entry;
            }

            foreach (var item in _items)
            {
                names.TryAdd(item.Name.Name, new LocalName(item, item.Name.Span));
            }
        }
    }

    private bool SortItems(out List<int> order)
    {
        var indexOf = new Dictionary<LocalItem, int>();
        for (int i = 0; i < _items.Count; i++)
        {
            indexOf[_items[i]] = i;
        }

        var deps = new List<(int Target, TextSpan Edge)>[_items.Count];
        for (int i = 0; i < _items.Count; i++)
        {
            var list = new List<(int, TextSpan)>();
            var scope = _items[i].Scope;
            foreach (var (path, _) in ItemPaths(_items[i].Decl))
            {
                if (path is LocalUsePath localPath && _scopeNames[scope].TryGetValue(localPath.Name.Name, out var name) && name is LocalName local)
                {
                    list.Add((indexOf[local.Item], path.Span));
                }
            }

            deps[i] = list;
        }

        if (DependencySorter.TrySort(_items.Count, i => deps[i], out order, out var cycle))
        {
            return true;
        }

        var culprit = _items[cycle.Target];
        _cx.Error(WitDiagnosticIds.Cycle, $"interface or world `{culprit.Name.Name}` depends on itself", culprit.Scope.File, culprit.Name.Span);
        return false;
    }

    /// <summary>Every path an interface or world names, with the kind of item the position expects.</summary>
    private static IEnumerable<(UsePath Path, Expect Expect)> ItemPaths(TopLevelItem decl)
    {
        static IEnumerable<(UsePath, Expect)> InInterface(IEnumerable<InterfaceItem> items) =>
            items.OfType<UseItem>().Select(u => (u.From, Expect.Interface));

        return decl switch
        {
            InterfaceDecl i => InInterface(i.Items),
            WorldDecl w => w.Items.SelectMany(item => item switch
            {
                WorldTypeItem { Item: UseItem use } => new[] { (use.From, Expect.Interface) },
                ImportItem { Kind: PathExtern p } => new[] { (p.Path, Expect.Interface) },
                ExportItem { Kind: PathExtern p } => new[] { (p.Path, Expect.Interface) },
                ImportItem { Kind: NamedPathExtern p } => new[] { (p.Path, Expect.Interface) },
                ExportItem { Kind: NamedPathExtern p } => new[] { (p.Path, Expect.Interface) },
                ImportItem { Kind: InlineInterfaceExtern inline } => InInterface(inline.Items),
                ExportItem { Kind: InlineInterfaceExtern inline } => InInterface(inline.Items),
                IncludeItem include => new[] { (include.From, Expect.World) },
                _ => Enumerable.Empty<(UsePath, Expect)>(),
            }),
            _ => Enumerable.Empty<(UsePath, Expect)>(),
        };
    }

    /// <summary>
    /// A name is an interface or a world, and every position that names it must agree: local names by
    /// their declaration, names in other packages by the first position that names them (as wit-parser
    /// records foreign dependencies).
    /// </summary>
    private void CheckReferenceKinds()
    {
        var foreignKinds = new Dictionary<string, Expect>(StringComparer.Ordinal);
        void Check(UsePath path, Expect expect, PackageScope scope)
        {
            Id name;
            Expect actual;
            switch (path)
            {
                case PackageUsePath foreign:
                    name = foreign.Name;
                    var key = foreign.ToString();
                    if (!foreignKinds.TryGetValue(key, out actual))
                    {
                        foreignKinds.Add(key, expect);
                        return;
                    }

                    break;
                case LocalUsePath local:
                    name = local.Name;
                    if (!_scopeNames[scope].TryGetValue(local.Name.Name, out var entry))
                    {
                        return;
                    }

                    if (entry is ForeignName foreignName)
                    {
                        Check(foreignName.Path, expect, scope);
                        return;
                    }

                    actual = ((LocalName)entry).Item.IsWorld ? Expect.World : Expect.Interface;
                    break;
                default:
                    return;
            }

            if (actual != expect)
            {
                var (isWord, notWord) = actual == Expect.World ? ("a world", "an interface") : ("an interface", "a world");
                _cx.Error(WitDiagnosticIds.Invalid, $"name `{name.Name}` is defined as {isWord}, not {notWord}", scope.File, name.Span);
            }
        }

        foreach (var scope in _unresolved.Scopes)
        {
            foreach (var use in scope.Uses)
            {
                if (use.Path is PackageUsePath)
                {
                    Check(use.Path, Expect.Interface, scope);
                }
            }

            foreach (var decl in scope.Items)
            {
                foreach (var (path, expect) in ItemPaths(decl))
                {
                    Check(path, expect, scope);
                }
            }
        }
    }

    /// <summary>Resolves a path to an interface or world, reporting what is wrong with it.</summary>
    private ItemRef? ResolvePath(UsePath path, PackageScope scope, Expect expect)
    {
        switch (path)
        {
            case LocalUsePath local:
                if (!_scopeNames[scope].TryGetValue(local.Name.Name, out var name))
                {
                    _cx.Error(WitDiagnosticIds.Undefined, $"interface or world `{local.Name.Name}` does not exist", scope.File, local.Span);
                    return null;
                }

                if (name is ForeignName foreignName)
                {
                    return expect == Expect.Interface ? ResolveForeign(foreignName.Path, Expect.Interface, scope.File) : null;
                }

                var item = ((LocalName)name).Item;
                if (item.Failed)
                {
                    return null; // already reported where it failed
                }

                var found = new ItemRef(item.IsWorld, item.Index, item.Excluded);

                if (found.IsWorld && expect == Expect.Interface)
                {
                    _cx.Error(WitDiagnosticIds.Invalid, $"name `{local.Name.Name}` is defined as a world, not an interface", scope.File, local.Span);
                    return null;
                }

                if (!found.IsWorld && expect == Expect.World)
                {
                    _cx.Error(WitDiagnosticIds.Invalid, $"name `{local.Name.Name}` is defined as an interface, not a world", scope.File, local.Span);
                    return null;
                }

                return found;
            case PackageUsePath foreign:
                return ResolveForeign(foreign, expect, scope.File);
            default:
                return null;
        }
    }

    private ItemRef? ResolveForeign(PackageUsePath path, Expect expect, SourceFile file)
    {
        var key = path.Package.ToString();
        if (!_cx.PackageLookup.TryGetValue(key, out var pkgIndex) || pkgIndex == _packageIndex)
        {
            var known = string.Join("", _cx.PackageLookup.Keys.Where(k => k != _unresolved.Key).OrderBy(k => k, StringComparer.Ordinal).Select(k => "\n    " + k));
            _cx.Error(WitDiagnosticIds.Undefined, $"package '{key}' not found. known packages:{(known.Length == 0 ? " (none)" : known)}", file, path.Package.Span);
            return null;
        }

        var pkg = _cx.Packages[pkgIndex];
        var name = path.Name.Name;
        if (expect == Expect.Interface)
        {
            if (pkg.Interfaces.TryGetValue(name, out var iface))
            {
                return new ItemRef(false, iface, false);
            }

            if (pkg.Excluded.TryGetValue(name, out var kind) && kind == "interface")
            {
                return new ItemRef(false, -1, true);
            }

            _cx.Error(WitDiagnosticIds.Undefined, $"interface '{name}' not found in package '{key}'", file, path.Name.Span);
            return null;
        }

        if (pkg.Worlds.TryGetValue(name, out var world))
        {
            return new ItemRef(true, world, false);
        }

        if (pkg.Excluded.TryGetValue(name, out var excludedKind) && excludedKind == "world")
        {
            return new ItemRef(true, -1, true);
        }

        _cx.Error(WitDiagnosticIds.Undefined, $"world '{name}' not found in package '{key}'", file, path.Name.Span);
        return null;
    }

    private void ExcludedReference(string kind, SourceFile file, TextSpan span) =>
        _cx.Error(WitDiagnosticIds.Gate, $"found a reference to a {kind} which is excluded due to its feature not being activated", file, span);
}
