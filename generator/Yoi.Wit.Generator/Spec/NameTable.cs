using Yoi.Wit.Model;

namespace Yoi.Wit.Generator.Spec;

/// <summary>The classes generated for one interface (beside its WIT types, in its namespace).</summary>
internal sealed record InterfaceNames(string HostInterface, string HostClass, string Exports, string Conversions);

/// <summary>The classes generated for one world (in its package's namespace).</summary>
internal sealed record WorldNames(string Class, string RootImports, string Conversions);

/// <summary>
/// Every C# name that two WIT items could both want, decided one C# scope at a time and in a fixed
/// order over the whole model (not only the bound worlds), so the same WIT always gives the same names.
/// <list type="bullet">
/// <item>A package's namespace holds one namespace per interface, the world-level types and the world
/// classes. Package interfaces come first (<c>Pkg.Foo</c>); then inline interfaces and world-level
/// types, which keep their own name when it is free and are otherwise prefixed with their world's
/// (<c>Pkg.WFoo</c>); then world classes, which take <c>World</c> when their name is taken
/// (<c>Pkg.FooWorld</c>), or when it is one of their own members (<c>instance</c>, <c>world-name</c>, ...).</item>
/// <item>An interface's namespace holds its WIT types first, then its generated classes, which get a
/// number when a type has their name (<c>TypesHost2</c>).</item>
/// </list>
/// Anything still equal after that gets a number.
/// </summary>
internal sealed class NameTable
{
    /// <summary>Members every world class declares: a world may not be named like them (CS0542).</summary>
    private static readonly HashSet<string> WorldClassMembers = new(StringComparer.Ordinal)
    {
        "WorldName", "Instance", "Instantiate", "AddToLinker",
    };

    /// <summary>
    /// Members a generated record declares (the compiler's record members, value equality, a variant's
    /// <c>Match</c>): a record or variant named like one of them is <c>{Name}Type</c> (CS0542).
    /// </summary>
    private static readonly HashSet<string> RecordMembers = new(StringComparer.Ordinal)
    {
        "ToString", "Equals", "GetHashCode", "EqualityContract", "Deconstruct", "PrintMembers", "Match",
    };

    private readonly WitResolve _r;
    private readonly GeneratorOptions _options;
    private readonly Dictionary<int, (string Key, int World)> _inline = new();
    private readonly Dictionary<int, PackageScope> _packages = new();
    private readonly Dictionary<int, InterfaceScope> _interfaces = new();
    private readonly Dictionary<int, WorldNames> _worlds = new();

    public NameTable(WitResolve resolve, GeneratorOptions options)
    {
        _r = resolve;
        _options = options;
        for (var w = 0; w < _r.Worlds.Count; w++)
        {
            foreach (var item in _r.Worlds[w].Imports.Concat(_r.Worlds[w].Exports))
            {
                if (item.Kind == WitWorldItemKind.Interface && item.Interface is { } i && _r.Interfaces[i].Name is null && !_inline.ContainsKey(i))
                {
                    _inline[i] = (item.Key, w);
                }
            }
        }
    }

    /// <summary>The C# namespace of a package: <c>YoiWitNamespace</c> for the root, else from its name.</summary>
    public string PackageNamespace(int package)
    {
        var name = _r.Packages[package].Name;
        var isRoot = _r.RootPackages.Count > 0 ? _r.RootPackages.Contains(package) : package == _r.Packages.Count - 1;
        if (isRoot && !string.IsNullOrWhiteSpace(_options.Namespace))
        {
            return _options.Namespace!.Trim();
        }

        // Two versions of one package (wasi:io@0.2.0 and @0.2.1 via different deps) would both be
        // Wasi.Io: each gets its version as a last segment (Wasi.Io.V0_2_1) instead.
        var ns = Naming.PackageNamespace(name.Namespace, name.Name);
        var versions = _r.Packages.Count(p => p.Name.Namespace == name.Namespace && p.Name.Name == name.Name);
        return versions > 1 ? ns + "." + Naming.VersionSegment(name.Version) : ns;
    }

    /// <summary>The interface's own name in C# (<c>IFooHost</c>'s <c>Foo</c>, the world's property): its WIT name, or an inline interface's key.</summary>
    public string InterfaceBaseName(int iface) =>
        Naming.Pascal(_r.Interfaces[iface].Name ?? (_inline.TryGetValue(iface, out var inline) ? inline.Key : $"interface{iface}"));

    /// <summary>The name the component model knows an interface by: <c>ns:pkg/name@version</c>, or an inline interface's key.</summary>
    public string InterfaceId(int iface)
    {
        var i = _r.Interfaces[iface];
        if (i.Name is null || i.Package is not { } p)
        {
            return _inline.TryGetValue(iface, out var inline) ? inline.Key : i.Name ?? "";
        }

        var pkg = _r.Packages[p].Name;
        return $"{pkg.Namespace}:{pkg.Name}/{i.Name}{(pkg.Version is null ? "" : "@" + pkg.Version)}";
    }

    public string InterfaceNamespace(int iface) =>
        PackageOf(iface) is { } package
            ? PackageNamespace(package) + "." + (Package(package).InterfaceSegments.TryGetValue(iface, out var segment) ? segment : InterfaceBaseName(iface))
            : "Wit." + InterfaceBaseName(iface);

    public string WorldNamespace(int world) => PackageNamespace(_r.Worlds[world].Package);

    /// <summary>The C# name of a record, variant, enum or flags type.</summary>
    public string TypeName(int type)
    {
        var def = _r.Types[type];
        return def.Owner.Kind switch
        {
            WitTypeOwnerKind.Interface => Interface(def.Owner.Index).TypeNames.TryGetValue(type, out var n) ? n : Naming.Pascal(def.Name ?? "type"),
            WitTypeOwnerKind.World => Package(_r.Worlds[def.Owner.Index].Package).WorldTypeNames.TryGetValue(type, out var n) ? n : Naming.Pascal(def.Name ?? "type"),
            _ => Naming.Pascal(def.Name ?? "type"),
        };
    }

    public string NamespaceOfType(int type)
    {
        var owner = _r.Types[type].Owner;
        return owner.Kind switch
        {
            WitTypeOwnerKind.Interface => InterfaceNamespace(owner.Index),
            WitTypeOwnerKind.World => WorldNamespace(owner.Index),
            _ => "Wit",
        };
    }

    /// <summary>The conversions class holding a nominal type's <c>Lower</c>/<c>Lift</c> methods.</summary>
    public string ConversionsOfType(int type)
    {
        var owner = _r.Types[type].Owner;
        return owner.Kind switch
        {
            WitTypeOwnerKind.Interface => Classes(owner.Index).Conversions,
            WitTypeOwnerKind.World => World(owner.Index).Conversions,
            _ => "Conversions",
        };
    }

    /// <summary>
    /// <c>I{Base}Host</c>/<c>{Base}Host</c> (an interface whose name already ends in "host" gets
    /// <c>I{Base}</c>/<c>{Base}Imports</c>, not <c>IHostHost</c>), <c>{Base}Exports</c>, <c>{Base}Conversions</c>.
    /// </summary>
    public InterfaceNames Classes(int iface)
    {
        var scope = Interface(iface);
        if (scope.Classes is { } cached)
        {
            return cached;
        }

        var baseName = InterfaceBaseName(iface);
        var taken = scope.Taken;
        var endsInHost = baseName.EndsWith("Host", StringComparison.Ordinal);
        scope.Classes = new InterfaceNames(
            Unique(endsInHost ? "I" + baseName : "I" + baseName + "Host", taken),
            Unique(endsInHost ? baseName + "Imports" : baseName + "Host", taken),
            Unique(baseName + "Exports", taken),
            ConversionsClass(baseName, taken, scope.TypeNames.Values));
        return scope.Classes;
    }

    /// <summary>A world's class, its root-imports interface and its conversions class.</summary>
    public WorldNames World(int world)
    {
        if (_worlds.TryGetValue(world, out var cached))
        {
            return cached;
        }

        var w = _r.Worlds[world];
        var scope = Package(w.Package);
        foreach (var other in _r.Packages[w.Package].Worlds)
        {
            if (other.Index < world)
            {
                World(other.Index); // earlier worlds choose first
            }
        }

        var baseName = Naming.Pascal(w.Name);
        var className = scope.Taken.Contains(baseName) || WorldClassMembers.Contains(baseName) ? baseName + "World" : baseName;
        className = Unique(className, scope.Taken);
        var ownTypes = scope.WorldTypeNames.Where(t => _r.Types[t.Key].Owner == WitTypeOwner.World(world)).Select(t => t.Value);
        var result = new WorldNames(className, Unique("I" + className + "Imports", scope.Taken), ConversionsClass(className, scope.Taken, ownTypes));
        _worlds[world] = result;
        return result;
    }

    /// <summary>The members a conversions class declares for nominal types: <c>Lower{T}</c>, <c>Lift{T}</c>, <c>Map{T}</c> (enum and flags tables).</summary>
    public static IEnumerable<string> ConverterMembers(IEnumerable<string> typeNames) =>
        typeNames.SelectMany(n => new[] { "Lower" + n, "Lift" + n, "Map" + n });

    /// <summary><c>{Base}Conversions</c>, unless a type or one of the class's own converters has that name (CS0542).</summary>
    private static string ConversionsClass(string baseName, HashSet<string> taken, IEnumerable<string> ownTypes)
    {
        var avoid = new HashSet<string>(taken.Concat(ConverterMembers(ownTypes)), StringComparer.Ordinal);
        var name = Unique(baseName + "Conversions", avoid);
        taken.Add(name);
        return name;
    }

    /// <summary>An inline interface belongs to its world's package.</summary>
    private int? PackageOf(int iface) =>
        _inline.TryGetValue(iface, out var inline) ? _r.Worlds[inline.World].Package : _r.Interfaces[iface].Package;

    private PackageScope Package(int package)
    {
        if (_packages.TryGetValue(package, out var cached))
        {
            return cached;
        }

        var scope = new PackageScope();
        foreach (var i in _r.Packages[package].Interfaces)
        {
            scope.InterfaceSegments[i.Index] = Unique(Naming.Pascal(i.Name), scope.Taken);
        }

        var worlds = _r.Packages[package].Worlds;
        foreach (var w in worlds)
        {
            var world = _r.Worlds[w.Index];
            foreach (var item in world.Imports.Concat(world.Exports))
            {
                if (item.Interface is { } i && _inline.TryGetValue(i, out var inline) && inline.World == w.Index && !scope.InterfaceSegments.ContainsKey(i))
                {
                    scope.InterfaceSegments[i] = Claim(Naming.Pascal(inline.Key), world.Name, scope.Taken);
                }
            }
        }

        var worldIndex = new HashSet<int>(worlds.Select(w => w.Index));
        var otherWorldTypes = new List<string>();
        for (var t = 0; t < _r.Types.Count; t++)
        {
            var def = _r.Types[t];
            if (def.Owner.Kind != WitTypeOwnerKind.World || !worldIndex.Contains(def.Owner.Index) || def.Name is null)
            {
                continue;
            }

            if (TypeMapper.IsNominal(def.Kind))
            {
                scope.WorldTypeNames[t] = Claim(PreferredTypeName(def), _r.Worlds[def.Owner.Index].Name, scope.Taken);
            }
            else
            {
                otherWorldTypes.Add(Naming.Pascal(def.Name));
            }
        }

        // Aliases and resources at world level generate nothing, but world classes have always avoided their names.
        scope.Taken.UnionWith(otherWorldTypes);
        _packages[package] = scope;
        return scope;
    }

    private InterfaceScope Interface(int iface)
    {
        if (_interfaces.TryGetValue(iface, out var cached))
        {
            return cached;
        }

        var scope = new InterfaceScope();
        var others = new List<string>();
        foreach (var t in _r.Interfaces[iface].Types)
        {
            if (TypeMapper.IsNominal(_r.Types[t.Index].Kind))
            {
                scope.TypeNames[t.Index] = Unique(PreferredTypeName(_r.Types[t.Index]), scope.Taken);
            }
            else
            {
                others.Add(Naming.Pascal(t.Name));
            }
        }

        // Generated classes have always avoided every WIT type name of the interface, aliases too.
        scope.Taken.UnionWith(others);
        _interfaces[iface] = scope;
        return scope;
    }

    private static string PreferredTypeName(WitTypeDef def)
    {
        var name = Naming.Pascal(def.Name!);
        return def.Kind is WitRecordKind or WitVariantKind && RecordMembers.Contains(name) ? name + "Type" : name;
    }

    /// <summary><paramref name="name"/> when free, else prefixed with its world's name, else numbered.</summary>
    private static string Claim(string name, string world, HashSet<string> taken) =>
        Unique(taken.Contains(name) ? Naming.Pascal(world) + name : name, taken);

    public static string Unique(string name, HashSet<string> used)
    {
        var candidate = name;
        for (var n = 2; !used.Add(candidate); n++)
        {
            candidate = name + n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return candidate;
    }

    private sealed class PackageScope
    {
        public HashSet<string> Taken { get; } = new(StringComparer.Ordinal);

        public Dictionary<int, string> InterfaceSegments { get; } = new();

        public Dictionary<int, string> WorldTypeNames { get; } = new();
    }

    private sealed class InterfaceScope
    {
        public HashSet<string> Taken { get; } = new(StringComparer.Ordinal);

        public Dictionary<int, string> TypeNames { get; } = new();

        public InterfaceNames? Classes { get; set; }
    }
}
