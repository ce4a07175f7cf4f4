using System.Collections.Immutable;
using Yoi.Wit.Model;
using Yoi.Wit.Syntax;
using Yoi.Wit.Text;

namespace Yoi.Wit.Resolution;

// Worlds: types and uses (imported by name), imports and exports, includes with renames, then
// elaboration (implicit imports) and the name checks that need the final item set.
internal sealed partial class PackageResolver
{
    private void ResolveWorld(LocalItem item)
    {
        var decl = (WorldDecl)item.Decl;
        var file = item.Scope.File;
        if (!_gates.IsActive(decl.Attributes))
        {
            item.Excluded = true;
            _package.Excluded[decl.Name.Name] = "world";
            return;
        }

        var stability = _gates.Stability(decl.Attributes, file, decl.Name.Span, PackageName);
        int index = _cx.Worlds.Count;
        var world = new WorldBuilder
        {
            Name = decl.Name.Name,
            Package = _packageIndex,
            Docs = ResolveContext.DocsText(decl.Docs),
            Stability = stability,
            Location = file.Location(decl.Name.Span),
        };
        _cx.Worlds.Add(world);
        item.Index = index;
        _package.Worlds.Set(decl.Name.Name, index);

        var importNames = new Dictionary<string, string>(StringComparer.Ordinal);
        var exportNames = new Dictionary<string, string>(StringComparer.Ordinal);
        var importedInterfaces = new HashSet<int>();
        var exportedInterfaces = new HashSet<int>();
        var owner = new OwnerScope
        {
            Owner = WitTypeOwner.World(index),
            Scope = item.Scope,
            OnType = (name, id, typeStability, location) =>
            {
                world.Imports.Set(name, new WitWorldItem(name, false, WitWorldItemKind.Type, null, null, id, typeStability));
                world.ItemLocations["import " + name] = location;
                importNames[name] = "type";
            },
        };
        ResolveTypes(owner, decl.Items.OfType<WorldTypeItem>().Select(t => t.Item));

        foreach (var worldItem in decl.Items)
        {
            bool isImport;
            ImportItem? import = worldItem as ImportItem;
            ExportItem? export = worldItem as ExportItem;
            if (worldItem is WorldTypeItem { Item: ResourceDecl resource })
            {
                foreach (var func in ResolveResourceFunctions(owner, resource))
                {
                    world.Imports.Set(func.Name, new WitWorldItem(func.Name, false, WitWorldItemKind.Function, null, func, null, func.Stability));
                    world.ItemLocations["import " + func.Name] = func.Location;
                }

                continue;
            }

            if (import is not null)
            {
                isImport = true;
            }
            else if (export is not null)
            {
                isImport = false;
            }
            else
            {
                continue;
            }

            var attributes = import?.Attributes ?? export!.Attributes;
            var docs = import?.Docs ?? export!.Docs;
            var kind = import?.Kind ?? export!.Kind;
            if (!_gates.IsActive(attributes))
            {
                continue;
            }

            string desc = isImport ? "import" : "export";
            var names = isImport ? importNames : exportNames;
            var items = isImport ? world.Imports : world.Exports;
            WitWorldItem resolved;
            TextSpan span;
            switch (kind)
            {
                case FuncExtern func:
                {
                    span = func.Name.Span;
                    if (!ClaimWorldName(names, func.Name, "func", desc, file))
                    {
                        continue;
                    }

                    var itemStability = _gates.Stability(attributes, file, func.Name.Span, PackageName);
                    if (ResolveFunction(owner, func.Name.Name, WitFunctionKind.Freestanding, null, null, func.Name, func.Func, docs, attributes) is not { } function)
                    {
                        continue;
                    }

                    resolved = new WitWorldItem(func.Name.Name, false, WitWorldItemKind.Function, null, function, null, itemStability);
                    break;
                }

                case InlineInterfaceExtern inline:
                {
                    span = inline.Name.Span;
                    if (!ClaimWorldName(names, inline.Name, "interface", desc, file))
                    {
                        continue;
                    }

                    var itemStability = _gates.Stability(attributes, file, inline.Name.Span, PackageName);
                    int ifaceIndex = _cx.Interfaces.Count;
                    _cx.Interfaces.Add(new InterfaceBuilder
                    {
                        Name = null,
                        Package = _packageIndex,
                        Docs = ResolveContext.DocsText(docs),
                        Location = file.Location(inline.Name.Span),
                    });
                    ResolveInterfaceBody(ifaceIndex, inline.Items, item.Scope);
                    resolved = new WitWorldItem(inline.Name.Name, false, WitWorldItemKind.Interface, ifaceIndex, null, null, itemStability);
                    break;
                }

                case NamedPathExtern named:
                {
                    span = named.Name.Span;
                    if (!ClaimWorldName(names, named.Name, "interface", desc, file))
                    {
                        continue;
                    }

                    if (ResolvePath(named.Path, item.Scope, Expect.Interface) is not { } target)
                    {
                        continue;
                    }

                    if (target.Excluded)
                    {
                        ExcludedReference("interface", file, named.Path.Span);
                        continue;
                    }

                    var itemStability = _gates.Stability(attributes, file, named.Name.Span, PackageName);
                    resolved = new WitWorldItem(named.Name.Name, false, WitWorldItemKind.Interface, target.Index, null, null, itemStability);
                    break;
                }

                case PathExtern path:
                {
                    span = path.Span;
                    if (ResolvePath(path.Path, item.Scope, Expect.Interface) is not { } target)
                    {
                        continue;
                    }

                    if (target.Excluded)
                    {
                        ExcludedReference("interface", file, path.Span);
                        continue;
                    }

                    var itemStability = _gates.Stability(attributes, file, path.Span, PackageName);
                    if (!(isImport ? importedInterfaces : exportedInterfaces).Add(target.Index))
                    {
                        _cx.Error(WitDiagnosticIds.Duplicate, $"interface cannot be {desc}ed more than once", file, path.Span);
                        continue;
                    }

                    var key = _cx.InterfaceIdString(target.Index);
                    resolved = new WitWorldItem(key, true, WitWorldItemKind.Interface, target.Index, null, null, itemStability);
                    break;
                }

                default:
                    continue;
            }

            items.Set(resolved.Key, resolved);
            world.ItemLocations[desc + " " + resolved.Key] = file.Location(span);
        }

        foreach (var include in decl.Items.OfType<IncludeItem>())
        {
            ResolveInclude(world, index, include, item.Scope);
        }

        WorldElaborator.Elaborate(_cx, world, file, decl.Name.Span);
        CheckCaseInsensitive(world, world.Imports, "import");
        CheckCaseInsensitive(world, world.Exports, "export");
    }

    private bool ClaimWorldName(Dictionary<string, string> names, Id name, string what, string desc, SourceFile file)
    {
        if (names.TryGetValue(name.Name, out var prior))
        {
            _cx.Error(WitDiagnosticIds.Duplicate, $"{desc} `{name.Name}` conflicts with prior {prior} of same name", file, name.Span);
            return false;
        }

        names.Add(name.Name, what);
        return true;
    }

    private void ResolveInclude(WorldBuilder world, int worldIndex, IncludeItem include, PackageScope scope)
    {
        var file = scope.File;
        if (!_gates.IsActive(include.Attributes))
        {
            return;
        }

        _gates.Stability(include.Attributes, file, include.From.Span, PackageName);
        if (ResolvePath(include.From, scope, Expect.World) is not { } target)
        {
            return;
        }

        if (target.Excluded)
        {
            ExcludedReference("world", file, include.From.Span);
            return;
        }

        var other = _cx.Worlds[target.Index];
        var renames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var with in include.With)
        {
            renames[with.Name.Name] = with.As.Name;
        }

        var unmatched = include.With
            .Where(w => !HasNameKey(other.Imports, w.Name.Name) && !HasNameKey(other.Exports, w.Name.Name))
            .ToList();
        if (unmatched.Count > 0)
        {
            _cx.Error(
                WitDiagnosticIds.Undefined,
                $"no import or export kebab-name `{unmatched[0].Name.Name}`. Note that an ID does not support renaming",
                file,
                include.From.Span);
            return;
        }

        var cloner = new IncludeCloner(this, target.Index, worldIndex, renames);
        IncludeItems(world, world.Imports, other.Imports, cloner, "import", file, include.From.Span);
        IncludeItems(world, world.Exports, other.Exports, cloner, "export", file, include.From.Span);
    }

    /// <summary>
    /// Copies what an included world owns into the including world, as wit-parser's Cloner does: types the
    /// included world defines get new definitions (renamed by <c>with</c>), anonymous types that mention
    /// them are rebuilt, and resource functions follow their resource's new name.
    /// </summary>
    private sealed class IncludeCloner
    {
        private readonly PackageResolver _resolver;
        private readonly WitTypeOwner _from;
        private readonly WitTypeOwner _to;
        private readonly Dictionary<string, string> _renames;
        private readonly Dictionary<int, int> _map = new();

        public IncludeCloner(PackageResolver resolver, int from, int to, Dictionary<string, string> renames)
        {
            _resolver = resolver;
            _from = WitTypeOwner.World(from);
            _to = WitTypeOwner.World(to);
            _renames = renames;
        }

        private ResolveContext Cx => _resolver._cx;

        public string Rename(string key) => _renames.TryGetValue(key, out var renamed) ? renamed : key;

        public WitWorldItem Item(string key, WitWorldItem item)
        {
            switch (item.Kind)
            {
                case WitWorldItemKind.Type:
                    return item with { Key = key, Type = MapId(item.Type!.Value) };
                case WitWorldItemKind.Function:
                    var function = Function(item.Function!);
                    if (function.Kind == WitFunctionKind.Freestanding)
                    {
                        function = function with { Name = key };
                    }

                    return item with { Key = function.Name, Function = function };
                default:
                    return item with { Key = key };
            }
        }

        private WitFunction Function(WitFunction function)
        {
            var parameters = function.Params.Select(p => p with { Type = Map(p.Type) }).ToImmutableArray();
            var result = function.Result is { } r ? Map(r) : (WitType?)null;
            var name = function.Name;
            int? resource = function.Resource;
            if (resource is { } res)
            {
                resource = MapId(res);
                var resourceName = Cx.Types[resource.Value].Name ?? "";
                var dot = name.IndexOf('.');
                name = function.Kind switch
                {
                    WitFunctionKind.Constructor => $"[constructor]{resourceName}",
                    WitFunctionKind.Method => $"[method]{resourceName}.{name[(dot + 1)..]}",
                    WitFunctionKind.Static => $"[static]{resourceName}.{name[(dot + 1)..]}",
                    _ => name,
                };
            }

            return function with
            {
                Name = name,
                Resource = resource,
                Params = new EquatableArray<WitParam>(parameters),
                Result = result,
            };
        }

        private WitType Map(WitType type) => type.IsDef ? WitType.Def(MapId(type.TypeId)) : type;

        private WitType? Map(WitType? type) => type is { } t ? Map(t) : null;

        private int MapId(int id)
        {
            if (_map.TryGetValue(id, out var mapped))
            {
                return mapped;
            }

            var def = Cx.Types[id];
            if (def.Owner == _from)
            {
                int newId = Cx.Types.Count;
                Cx.Types.Add(new TypeBuilder
                {
                    Name = def.Name is null ? null : Rename(def.Name),
                    Owner = _to,
                    Docs = def.Docs,
                    Stability = def.Stability,
                    Location = def.Location,
                });
                _map[id] = newId;
                Cx.Types[newId].Kind = MapKind(def.Kind);
                return newId;
            }

            if (def.Owner.Kind != WitTypeOwnerKind.None)
            {
                _map[id] = id;
                return id;
            }

            var kind = MapKind(def.Kind);
            var result = kind.Equals(def.Kind) ? id : _resolver.Intern(kind, default, null).TypeId;
            _map[id] = result;
            return result;
        }

        private WitTypeDefKind MapKind(WitTypeDefKind kind) => kind switch
        {
            WitAliasKind a => new WitAliasKind(Map(a.Target)),
            WitHandleKind h => new WitHandleKind(h.IsBorrow, MapId(h.Resource)),
            WitRecordKind r => new WitRecordKind(new EquatableArray<WitField>(r.Fields.Select(f => f with { Type = Map(f.Type) }).ToImmutableArray())),
            WitVariantKind v => new WitVariantKind(new EquatableArray<WitCase>(v.Cases.Select(c => c with { Payload = Map(c.Payload) }).ToImmutableArray())),
            WitTupleKind t => new WitTupleKind(new EquatableArray<WitType>(t.Elements.Select(Map).ToImmutableArray())),
            WitOptionKind o => new WitOptionKind(Map(o.Inner)),
            WitResultKind r => new WitResultKind(Map(r.Ok), Map(r.Err)),
            WitListKind l => new WitListKind(Map(l.Element)),
            WitFixedListKind f => new WitFixedListKind(Map(f.Element), f.Length),
            WitMapKind m => new WitMapKind(Map(m.Key), Map(m.Value)),
            WitFutureKind f => new WitFutureKind(Map(f.Payload)),
            WitStreamKind s => new WitStreamKind(Map(s.Payload)),
            _ => kind,
        };
    }

    private static bool HasNameKey(OrderedMap<WitWorldItem> items, string name) =>
        items.TryGetValue(name, out var item) && !item.KeyIsInterface;

    private void IncludeItems(
        WorldBuilder world,
        OrderedMap<WitWorldItem> into,
        OrderedMap<WitWorldItem> from,
        IncludeCloner cloner,
        string desc,
        SourceFile file,
        TextSpan span)
    {
        foreach (var (key, item) in from.Items)
        {
            if (item.KeyIsInterface)
            {
                if (!into.ContainsKey(key))
                {
                    into.Set(key, item);
                }

                continue;
            }

            var copy = cloner.Item(cloner.Rename(key), item);
            var name = copy.Key;
            if (into.ContainsKey(name))
            {
                _cx.Error(WitDiagnosticIds.Duplicate, $"{desc} of `{name}` shadows previously {desc}ed items", file, span);
                continue;
            }

            into.Set(name, copy);
            world.ItemLocations[desc + " " + name] = file.Location(span);
        }
    }

    /// <summary>Component names are compared ignoring case, so `get-user` and `GET-USER` cannot both be exported.</summary>
    private void CheckCaseInsensitive(WorldBuilder world, OrderedMap<WitWorldItem> items, string desc)
    {
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, item) in items.Items)
        {
            if (item.KeyIsInterface)
            {
                continue;
            }

            if (seen.TryGetValue(key, out var prior))
            {
                var location = world.ItemLocations.TryGetValue(desc + " " + key, out var l) ? l : world.Location;
                _cx.Error(
                    WitDiagnosticIds.Duplicate,
                    $"{desc} `{key}` in world `{world.Name}` conflicts with {desc} `{prior}` (kebab-case identifiers are case-insensitive)",
                    location);
                continue;
            }

            seen.Add(key, key);
        }
    }
}
