using Yoi.Wit.Model;
using Yoi.Wit.Text;

namespace Yoi.Wit.Resolution;

/// <summary>
/// wit-parser's world elaboration: every interface a world's items depend on (through <c>use</c>) is
/// imported implicitly, dependencies before dependents; exported interfaces pull in their dependencies as
/// exports when those are exported too, as imports otherwise, and a world where one interface would have
/// to be both is rejected.
/// </summary>
internal static class WorldElaborator
{
    public static void Elaborate(ResolveContext cx, WorldBuilder world, SourceFile file, TextSpan nameSpan)
    {
        var imports = new OrderedMap<WitWorldItem>();
        foreach (var (key, item) in world.Imports.Items.OrderBy(kv => SortKey(cx, kv.Value)).ToList())
        {
            switch (item.Kind)
            {
                case WitWorldItemKind.Interface:
                    ElaborateImport(cx, imports, key, item.KeyIsInterface, item.Interface!.Value, item.Stability, item);
                    break;
                case WitWorldItemKind.Type:
                    if (TypeInterfaceDependency(cx, item.Type!.Value) is { } dep)
                    {
                        ElaborateImport(cx, imports, cx.InterfaceIdString(dep), true, dep, cx.Types[item.Type.Value].Stability, null);
                    }

                    imports.Set(key, item);
                    break;
                default:
                    imports.Set(key, item);
                    break;
            }
        }

        var exports = new OrderedMap<WitWorldItem>();
        var exportedInterfaces = new Dictionary<int, WitWorldItem>();
        var exportOrder = new List<int>();
        foreach (var (key, item) in world.Exports.Items)
        {
            if (item.Kind == WitWorldItemKind.Interface)
            {
                if (exportedInterfaces.TryAdd(item.Interface!.Value, item))
                {
                    exportOrder.Add(item.Interface.Value);
                }
            }
            else
            {
                exports.Set(key, item);
            }
        }

        var requiredImports = new HashSet<int>();
        foreach (var id in exportOrder)
        {
            var item = exportedInterfaces[id];
            if (!AddExport(id, item.Key, item.KeyIsInterface, true, item.Stability))
            {
                cx.Error(
                    WitDiagnosticIds.Invalid,
                    $"interface `{item.Key}` transitively depends on an interface in incompatible ways",
                    file,
                    nameSpan);
                return;
            }
        }

        var sorted = new OrderedMap<WitWorldItem>();
        foreach (var (key, item) in imports.Items.OrderBy(kv => SortKey(cx, kv.Value)).ToList())
        {
            sorted.Set(key, item);
        }

        world.Imports = sorted;
        world.Exports = exports;

        bool AddExport(int id, string key, bool keyIsInterface, bool addExport, WitStability stability)
        {
            if (exports.ContainsKey(key))
            {
                return addExport;
            }

            if (!addExport && requiredImports.Contains(id))
            {
                return true;
            }

            foreach (var dep in DirectDependencies(cx, id))
            {
                bool depExport = addExport && exportedInterfaces.ContainsKey(dep);
                if (!AddExport(dep, cx.InterfaceIdString(dep), true, depExport, stability))
                {
                    return false;
                }
            }

            var item = new WitWorldItem(key, keyIsInterface, WitWorldItemKind.Interface, id, null, null, stability);
            if (addExport)
            {
                if (requiredImports.Contains(id))
                {
                    return false;
                }

                exports.Set(key, item);
            }
            else
            {
                requiredImports.Add(id);
                imports.Set(key, item);
            }

            return true;
        }
    }

    private static void ElaborateImport(
        ResolveContext cx,
        OrderedMap<WitWorldItem> imports,
        string key,
        bool keyIsInterface,
        int id,
        WitStability stability,
        WitWorldItem? original)
    {
        if (imports.ContainsKey(key))
        {
            return;
        }

        foreach (var dep in DirectDependencies(cx, id))
        {
            ElaborateImport(cx, imports, cx.InterfaceIdString(dep), true, dep, stability, null);
        }

        imports.Set(key, original ?? new WitWorldItem(key, keyIsInterface, WitWorldItemKind.Interface, id, null, null, stability));
    }

    /// <summary>Interfaces whose types this interface <c>use</c>s, in the order its types name them.</summary>
    public static IEnumerable<int> DirectDependencies(ResolveContext cx, int interfaceId)
    {
        var seen = new HashSet<int>();
        foreach (var (_, typeId) in cx.Interfaces[interfaceId].Types.Items)
        {
            if (TypeInterfaceDependency(cx, typeId) is { } dep && dep != interfaceId && seen.Add(dep))
            {
                yield return dep;
            }
        }
    }

    private static int? TypeInterfaceDependency(ResolveContext cx, int typeId)
    {
        var type = cx.Types[typeId];
        if (type.Kind is not WitAliasKind { Target: { IsDef: true } target })
        {
            return null;
        }

        var other = cx.Types[target.TypeId];
        if (other.Owner == type.Owner || other.Owner.Kind != WitTypeOwnerKind.Interface)
        {
            return null;
        }

        return other.Owner.Index;
    }

    /// <summary>wit-parser's print order: interfaces, then used types, other types, functions, resource functions.</summary>
    private static int SortKey(ResolveContext cx, WitWorldItem item) => item.Kind switch
    {
        WitWorldItemKind.Interface => 0,
        WitWorldItemKind.Type => cx.Types[item.Type!.Value] is { Kind: WitAliasKind { Target: { IsDef: true } t } } def
            && cx.Types[t.TypeId].Owner != def.Owner ? 1 : 2,
        _ => item.Function!.Kind == WitFunctionKind.Freestanding ? 3 : 4,
    };
}
