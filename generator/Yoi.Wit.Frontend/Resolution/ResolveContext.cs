using System.Collections.Immutable;
using Yoi.Wit.Model;
using Yoi.Wit.Syntax;
using Yoi.Wit.Text;

namespace Yoi.Wit.Resolution;

/// <summary>An insertion-ordered string map (wit-parser's IndexMap): replacing a value keeps its position.</summary>
internal sealed class OrderedMap<T>
{
    private readonly List<string> _keys = new();
    private readonly Dictionary<string, T> _values = new(StringComparer.Ordinal);

    public int Count => _keys.Count;

    public IEnumerable<string> Keys => _keys;

    public IEnumerable<KeyValuePair<string, T>> Items
    {
        get
        {
            foreach (var key in _keys)
            {
                yield return new KeyValuePair<string, T>(key, _values[key]);
            }
        }
    }

    public bool ContainsKey(string key) => _values.ContainsKey(key);

    public bool TryGetValue(string key, out T value) => _values.TryGetValue(key, out value!);

    /// <summary>Adds or replaces; returns true when the key was new.</summary>
    public bool Set(string key, T value)
    {
        bool added = !_values.ContainsKey(key);
        if (added)
        {
            _keys.Add(key);
        }

        _values[key] = value;
        return added;
    }
}

internal sealed class PackageBuilder
{
    public required WitPackageName Name { get; init; }

    public string Docs { get; set; } = WitDocs.None;

    public required SourceLocation Location { get; init; }

    public OrderedMap<int> Interfaces { get; } = new();

    public OrderedMap<int> Worlds { get; } = new();

    /// <summary>Items left out because their feature gate is off: name -> "interface" or "world".</summary>
    public Dictionary<string, string> Excluded { get; } = new(StringComparer.Ordinal);
}

internal sealed class InterfaceBuilder
{
    public string? Name { get; init; }

    public int? Package { get; init; }

    public string Docs { get; set; } = WitDocs.None;

    public WitStability Stability { get; set; } = WitStability.Unknown;

    public OrderedMap<int> Types { get; } = new();

    /// <summary>Names of types left out by a feature gate (so a reference can say why it fails).</summary>
    public HashSet<string> ExcludedTypes { get; } = new(StringComparer.Ordinal);

    /// <summary>Names of freestanding functions (so `use` of one can say it is a function).</summary>
    public HashSet<string> FunctionNames { get; } = new(StringComparer.Ordinal);

    public List<WitFunction> Functions { get; } = new();

    public required SourceLocation Location { get; init; }
}

internal sealed class WorldBuilder
{
    public required string Name { get; init; }

    public int Package { get; init; }

    public string Docs { get; set; } = WitDocs.None;

    public WitStability Stability { get; set; } = WitStability.Unknown;

    public OrderedMap<WitWorldItem> Imports { get; set; } = new();

    public OrderedMap<WitWorldItem> Exports { get; set; } = new();

    /// <summary>Where each import/export key was written (for errors found after elaboration).</summary>
    public Dictionary<string, SourceLocation> ItemLocations { get; } = new(StringComparer.Ordinal);

    public required SourceLocation Location { get; init; }
}

internal sealed class TypeBuilder
{
    public string? Name { get; init; }

    public WitTypeDefKind Kind { get; set; } = null!;

    public WitTypeOwner Owner { get; init; }

    public string Docs { get; init; } = WitDocs.None;

    public WitStability Stability { get; init; } = WitStability.Unknown;

    public required SourceLocation Location { get; init; }
}

/// <summary>The arenas every package resolves into, plus the diagnostics gathered so far.</summary>
internal sealed class ResolveContext
{
    public ResolveContext(WitResolveOptions options) => Options = options;

    public WitResolveOptions Options { get; }

    public List<PackageBuilder> Packages { get; } = new();

    public List<InterfaceBuilder> Interfaces { get; } = new();

    public List<WorldBuilder> Worlds { get; } = new();

    public List<TypeBuilder> Types { get; } = new();

    /// <summary>Resolved packages by <c>ns:name</c> or <c>ns:name@version</c>.</summary>
    public Dictionary<string, int> PackageLookup { get; } = new(StringComparer.Ordinal);

    public List<WitDiagnostic> Diagnostics { get; } = new();

    public bool HasErrors { get; private set; }

    public void Error(string id, string message, SourceFile file, TextSpan span) => Error(id, message, file.Location(span));

    public void Error(string id, string message, SourceLocation location)
    {
        HasErrors = true;
        Diagnostics.Add(WitDiagnostic.Error(id, message, location));
    }

    public string InterfaceIdString(int index)
    {
        var iface = Interfaces[index];
        if (iface.Name is null || iface.Package is null)
        {
            return iface.Name ?? "<anonymous>";
        }

        var pkg = Packages[iface.Package.Value].Name;
        return pkg.Version is null
            ? $"{pkg.Namespace}:{pkg.Name}/{iface.Name}"
            : $"{pkg.Namespace}:{pkg.Name}/{iface.Name}@{pkg.Version}";
    }

    /// <summary>Follows <c>type a = b</c> aliases to the type they finally name.</summary>
    public int Unalias(int typeId)
    {
        for (int guard = 0; guard < 10_000; guard++)
        {
            if (Types[typeId].Kind is WitAliasKind { Target: { IsDef: true } target })
            {
                typeId = target.TypeId;
                continue;
            }

            break;
        }

        return typeId;
    }

    public WitResolve Build(IEnumerable<int> rootPackages)
    {
        var packages = Packages.Select(p => new WitPackage(
            p.Name,
            p.Docs,
            ToNamed(p.Interfaces),
            ToNamed(p.Worlds),
            p.Location)).ToImmutableArray();
        var interfaces = Interfaces.Select(i => new WitInterface(
            i.Name,
            i.Package,
            i.Docs,
            i.Stability,
            ToNamed(i.Types),
            new EquatableArray<WitFunction>(i.Functions.ToImmutableArray()),
            i.Location)).ToImmutableArray();
        var worlds = Worlds.Select(w => new WitWorld(
            w.Name,
            w.Package,
            w.Docs,
            w.Stability,
            new EquatableArray<WitWorldItem>(w.Imports.Items.Select(kv => kv.Value).ToImmutableArray()),
            new EquatableArray<WitWorldItem>(w.Exports.Items.Select(kv => kv.Value).ToImmutableArray()),
            w.Location)).ToImmutableArray();
        var types = Types.Select(t => new WitTypeDef(t.Name, t.Kind, t.Owner, t.Docs, t.Stability, t.Location)).ToImmutableArray();
        return new WitResolve(
            new EquatableArray<WitPackage>(packages),
            new EquatableArray<WitInterface>(interfaces),
            new EquatableArray<WitWorld>(worlds),
            new EquatableArray<WitTypeDef>(types))
        {
            RootPackages = new EquatableArray<int>(rootPackages.ToImmutableArray()),
        };
    }

    private static EquatableArray<NamedIndex> ToNamed(OrderedMap<int> map) =>
        new(map.Items.Select(kv => new NamedIndex(kv.Key, kv.Value)).ToImmutableArray());

    /// <summary>Documentation text from raw comments: markers removed, lines joined by newlines.</summary>
    public static string DocsText(Docs docs)
    {
        if (docs.IsEmpty)
        {
            return WitDocs.None;
        }

        var lines = new List<string>();
        foreach (var comment in docs.Comments)
        {
            if (comment.StartsWith("//", StringComparison.Ordinal))
            {
                lines.Add(comment.TrimStart('/').TrimEnd());
            }
            else if (comment.StartsWith("/*", StringComparison.Ordinal))
            {
                var body = comment.Substring(2);
                if (body.EndsWith("*/", StringComparison.Ordinal))
                {
                    body = body.Substring(0, body.Length - 2);
                }

                body = body.TrimStart('*');
                foreach (var line in body.Split('\n'))
                {
                    lines.Add(line.TrimEnd('\r').TrimEnd());
                }
            }
            else
            {
                lines.Add(comment);
            }
        }

        return string.Join("\n", lines);
    }
}
