using System.Collections.Immutable;
using System.Text;
using CsCheck;
using Yoi.Wit.Resolution;
using Yoi.Wit.Text;

namespace Yoi.Wit.Frontend.Tests.Properties;

/// <summary>One generated package: a folder name and its files (name, text).</summary>
internal sealed record GeneratedPackage(string Name, IReadOnlyList<(string FileName, string Text)> Files)
{
    /// <summary>A dependency with one file may be written as <c>deps/NAME.wit</c> instead of a folder.</summary>
    public bool AsSingleFile { get; init; }
}

/// <summary>A root package and its dependencies, as the resolver and the loader take them.</summary>
internal sealed record GeneratedPackageSet(GeneratedPackage Root, IReadOnlyList<GeneratedPackage> Deps)
{
    public PackageSources RootSources => Sources("root", Root);

    public ImmutableArray<PackageSources> DepSources => Deps.Select(d => Sources($"deps/{d.Name}", d)).ToImmutableArray();

    public IReadOnlyCollection<SourceFile> AllFiles => [.. RootSources.Files, .. DepSources.SelectMany(d => d.Files)];

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var file in AllFiles)
        {
            text.Append("--- ").AppendLine(file.Path).AppendLine(WitTextGen.Show(file.Text));
        }

        return text.ToString();
    }

    private static PackageSources Sources(string directory, GeneratedPackage package) =>
        new(directory, package.Files.Select(f => new SourceFile($"{directory}/{f.FileName}", f.Text)).ToImmutableArray());
}

/// <summary>
/// Multi-file packages with dependencies for the resolver: mostly well-formed WIT whose names refer to
/// each other across interfaces, worlds and packages (sometimes wrongly: missing names, wrong versions,
/// cycles, duplicate packages, conflicting headers), optionally with one text edit on top.
/// The text is written from a list of choices, so CsCheck shrinks the choices and the WIT shrinks with them;
/// a choice of 0 is always the simplest option.
/// </summary>
internal static class PackageSetGen
{
    public static readonly Gen<GeneratedPackageSet> Any = Gen.Select(
        Gen.Int[0, 1000].Array[0, 400],
        Gen.Int[0, 3],
        WitTextGen.Mutation,
        Gen.Int[0, int.MaxValue],
        (choices, mutate, mutation, target) => Mutate(new PackageSetWriter(choices).Write(), mutate == 0 ? mutation : null, target));

    private static GeneratedPackageSet Mutate(GeneratedPackageSet set, Func<string, string>? mutation, int target)
    {
        if (mutation is null)
        {
            return set;
        }

        var packages = new List<GeneratedPackage> { set.Root };
        packages.AddRange(set.Deps);
        var package = packages[target % packages.Count];
        var fileIndex = target / packages.Count % package.Files.Count;
        var files = package.Files.ToList();
        files[fileIndex] = (files[fileIndex].FileName, mutation(files[fileIndex].Text));
        packages[packages.IndexOf(package)] = package with { Files = files };
        return new GeneratedPackageSet(packages[0], packages.Skip(1).ToList());
    }
}

/// <summary>
/// Writes one package set from a list of choices; see <see cref="PackageSetGen"/>. References mostly follow
/// a valid shape (a package refers to itself or to later packages, an interface uses earlier interfaces,
/// versions match) and now and then break it (backward references make cycles, missing names, wrong versions).
/// Half the sets are strict: they never break it, so they mostly resolve and reach the model-building code.
/// </summary>
internal sealed class PackageSetWriter(int[] choices)
{
    private static readonly string[] Primitives = ["u32", "string", "bool", "u8", "s64", "f64", "char"];
    private static readonly string[] Versions = ["", "@1.0.0", "@2.0.0"];
    private static readonly string[] Gates =
    [
        "@since(version = 1.0.0)", "@unstable(feature = active)", "@unstable(feature = off)",
        "@since(version = 1.0.0) @deprecated(version = 1.0.0)", "@since(version = 3.0.0)", "@deprecated(version = 1.0.0)",
    ];

    private readonly List<PackagePlan> _packages = [];
    private int _cursor;
    private bool _strict;

    private const int ResourceKind = 5;

    private sealed record InterfacePlan(string Name, List<(string Name, int Kind)> Types);

    private sealed record PackagePlan(int Index, string Folder, string Namespace, string Name, string Version, List<InterfacePlan> Interfaces, List<string> Worlds)
    {
        public string Id(string version) => $"{Namespace}:{Name}{version}";
    }

    public GeneratedPackageSet Write()
    {
        _strict = Next(2) == 0;
        var count = 1 + Next(4);
        for (var p = 0; p < count; p++)
        {
            _packages.Add(Plan(p));
        }

        var written = _packages.Select(WritePackage).ToList();
        return new GeneratedPackageSet(written[0], written.Skip(1).ToList());
    }

    private int Next(int options) => _cursor < choices.Length ? choices[_cursor++] % options : 0;

    /// <summary>True once in <paramref name="odds"/> choices (never for a choice of 0, nor in a strict set).</summary>
    private bool Rarely(int odds) => Next(odds) == odds - 1 && !_strict;

    private T Pick<T>(IReadOnlyList<T> options) => options[Next(options.Count)];

    private static string Letter(int index) => ((char)('a' + index)).ToString();

    private PackagePlan Plan(int index)
    {
        // Now and then a dependency repeats the root's name: "defined in two locations".
        var name = index > 0 && Rarely(12) ? "pa" : "p" + Letter(index);
        var interfaces = new List<InterfacePlan>();
        var interfaceCount = Next(4);
        for (var i = 0; i < interfaceCount; i++)
        {
            var types = new List<(string, int)>();
            var typeCount = Next(4);
            for (var t = 0; t < typeCount; t++)
            {
                types.Add(($"t{Letter(t)}", Next(6)));
            }

            interfaces.Add(new InterfacePlan("i" + Letter(i), types));
        }

        var worlds = Enumerable.Range(0, Next(3)).Select(w => "w" + Letter(w)).ToList();
        return new PackagePlan(index, "p" + Letter(index), Rarely(4) ? "other" : "ns", name, Versions[Next(3)], interfaces, worlds);
    }

    private GeneratedPackage WritePackage(PackagePlan plan)
    {
        var items = new List<string>();
        items.AddRange(plan.Interfaces.Select((iface, i) => Gate() + WriteInterface(plan, i)));
        items.AddRange(plan.Worlds.Select((world, w) => Gate() + WriteWorld(plan, w)));
        if (Rarely(6) && plan.Interfaces.Count > 0)
        {
            items.Add($"use {plan.Interfaces[0].Name} as alias-{plan.Interfaces[0].Name};");
        }

        if (plan.Index == 0 && Rarely(4))
        {
            items.Add("package ns:nested {\n  interface inner { f: func() -> u32; }\n  world nested-world { export inner; }\n}");
        }

        var fileCount = 1 + Next(3);
        var bodies = Enumerable.Range(0, fileCount).Select(_ => new StringBuilder()).ToList();
        for (var i = 0; i < fileCount; i++)
        {
            // The first file names the package; the others omit it, repeat it, or (rarely) contradict it.
            var header = i > 0 && Rarely(10) ? $"package {plan.Id("@9.9.9")};\n\n"
                : i == 0 || Next(2) == 0 ? $"package {plan.Id(plan.Version)};\n\n"
                : "";
            bodies[i].Append(header);
        }

        foreach (var item in items)
        {
            bodies[Next(fileCount)].AppendLine(item).AppendLine();
        }

        var files = bodies.Select((body, i) => ($"f{i}.wit", body.ToString())).ToList();
        return new GeneratedPackage(plan.Folder, files) { AsSingleFile = files.Count == 1 && Next(2) == 1 };
    }

    private string WriteInterface(PackagePlan plan, int index)
    {
        var iface = plan.Interfaces[index];
        var text = new StringBuilder($"interface {iface.Name} {{\n");
        // A strict set refers only to types defined before (no cycles); otherwise to any, itself included.
        var visible = _strict ? [] : iface.Types.Select(t => (t.Name, IsResource: t.Kind == ResourceKind)).ToList();
        for (var u = Next(3); u > 0; u--)
        {
            if (Use(plan, index) is { } use && !visible.Contains(use.Name))
            {
                text.Append("  ").Append(Gate()).AppendLine(use.Text);
                visible.Add(use.Name);
            }
        }

        foreach (var (name, kind) in iface.Types)
        {
            text.Append("  ").Append(Gate()).AppendLine(WriteType(name, kind, visible));
            if (_strict)
            {
                visible.Add((name, kind == ResourceKind));
            }
        }

        for (var f = Next(3); f > 0; f--)
        {
            text.Append("  ").Append(Gate()).AppendLine(WriteFunction($"f{Letter(f)}", visible));
        }

        return text.Append('}').ToString();
    }

    private string WriteWorld(PackagePlan plan, int index)
    {
        var text = new StringBuilder($"world {plan.Worlds[index]} {{\n");
        var visible = new List<(string, bool)>();
        var named = new HashSet<string>();
        for (var i = Next(6); i > 0; i--)
        {
            text.Append("  ").Append(Gate());
            var direction = Next(2) == 0 ? "import" : "export";
            switch (Next(6))
            {
                case 1:
                    text.AppendLine($"{direction} x{Letter(i)}: func(a: {TypeRef(visible, 0)});");
                    break;
                case 2:
                    text.AppendLine($"{direction} y{Letter(i)}: interface {{ g: func() -> {TypeRef(visible, 0)}; }}");
                    break;
                case 3 when WorldReference(plan, index) is { } include:
                    text.AppendLine(Rarely(2) ? $"include {include} with {{ xa as renamed, fa as other }}" : $"include {include};");
                    break;
                case 4 when Use(plan, plan.Interfaces.Count) is { } use && !visible.Contains(use.Name):
                    text.AppendLine(use.Text);
                    visible.Add(use.Name);
                    break;
                default:
                    // A strict world names each interface once.
                    var reference = InterfaceReference(plan, plan.Interfaces.Count);
                    text.AppendLine(named.Add(reference) || !_strict ? $"{direction} {reference};" : "");
                    break;
            }
        }

        return text.Append('}').ToString();
    }

    /// <summary>
    /// An interface (index, package) that <paramref name="from"/>'s item number <paramref name="before"/> may
    /// refer to: an earlier one in the same package or any in a later package; rarely any at all (cycles).
    /// </summary>
    private (PackagePlan Package, int Index)? Target(PackagePlan from, int before, Func<PackagePlan, int> count)
    {
        var anything = Rarely(40);
        var candidates = _packages
            .SelectMany(p => Enumerable.Range(0, count(p)).Select(i => (Package: p, Index: i)))
            .Where(c => anything || c.Package.Index > from.Index || (c.Package == from && c.Index < before))
            .ToList();
        return candidates.Count == 0 ? null : Pick(candidates);
    }

    /// <summary>How a reference names a package: its own version mostly, rarely another. A package naming itself this way is a cycle.</summary>
    private string Path(PackagePlan target, string name) => $"{target.Id("")}/{name}{(Rarely(8) ? Pick(Versions) : target.Version)}";

    private string InterfaceReference(PackagePlan from, int before)
    {
        if (Target(from, before, p => p.Interfaces.Count) is not var (package, index) || Rarely(20))
        {
            return Next(2) == 0 ? "missing" : "ns:nowhere/missing";
        }

        var name = package.Interfaces[index].Name;
        return package != from || Rarely(40) ? Path(package, name) : name;
    }

    private string? WorldReference(PackagePlan from, int before)
    {
        if (Target(from, before, p => p.Worlds.Count) is not var (package, index))
        {
            return null;
        }

        var name = Rarely(20) ? "missing" : package.Worlds[index];
        return package != from || Rarely(40) ? Path(package, name) : name;
    }

    /// <summary><c>use iface.{name};</c>, local or foreign, and the name it brings in.</summary>
    private (string Text, (string Name, bool IsResource) Name)? Use(PackagePlan from, int before)
    {
        if (Target(from, before, p => p.Interfaces.Count) is not var (package, index))
        {
            return null;
        }

        var iface = package.Interfaces[index];
        if (iface.Types.Count == 0 && _strict)
        {
            return null;
        }

        var (name, kind) = iface.Types.Count == 0 || Rarely(20) ? ("missing", 0) : Pick(iface.Types);
        var path = package != from || Rarely(40) ? Path(package, iface.Name) : iface.Name;
        if (Rarely(3))
        {
            // Unaliased: clashes with a local type of the same name now and then.
            return ($"use {path}.{{{name}}};", (name, kind == ResourceKind));
        }

        var alias = $"{name}-from-{iface.Name}-{package.Folder}";
        return ($"use {path}.{{{name} as {alias}}};", (alias, kind == ResourceKind));
    }

    private string WriteType(string name, int kind, List<(string Name, bool IsResource)> visible) => kind switch
    {
        0 => $"record {name} {{ x: {TypeRef(visible, 0)}, y: {TypeRef(visible, 0)} }}",
        1 => $"variant {name} {{ some({TypeRef(visible, 0)}), none }}",
        2 => $"enum {name} {{ red, green }}",
        3 => $"flags {name} {{ read, write }}",
        4 => $"type {name} = {TypeRef(visible, 0)};",
        ResourceKind => $"resource {name} {{ constructor(v: {TypeRef(visible, 0, inParameter: true)}); get: func() -> {TypeRef(visible, 0)}; make: static func() -> {name}; }}",
        _ => $"type {name} = u32;",
    };

    private string WriteFunction(string name, List<(string Name, bool IsResource)> visible) => Next(4) switch
    {
        0 => $"{name}: func(a: {TypeRef(visible, 0, inParameter: true)}) -> {TypeRef(visible, 0)};",
        1 => $"{name}: func();",
        2 => $"{name}: async func(a: {TypeRef(visible, 0, inParameter: true)}, b: {TypeRef(visible, 0, inParameter: true)});",
        _ => $"{name}: func() -> result<{TypeRef(visible, 0)}, {TypeRef(visible, 0)}>;",
    };

    /// <param name="inParameter">Borrowed handles are valid only in parameters; a strict set puts them nowhere else.</param>
    private string TypeRef(List<(string Name, bool IsResource)> visible, int depth, bool inParameter = false)
    {
        if (depth > 3)
        {
            return Pick(Primitives);
        }

        string Inner() => TypeRef(visible, depth + 1, inParameter);

        // A strict set names only what is in scope, and handles only of resources.
        string? Named(bool resource)
        {
            var candidates = visible.Where(v => !_strict || !resource || v.IsResource).ToList();
            return Rarely(20) ? "unknown-type" : candidates.Count == 0 ? null : Pick(candidates).Name;
        }

        return Next(16) switch
        {
            < 5 and var p => Primitives[p],
            5 => $"list<{Inner()}>",
            6 => $"option<{Inner()}>",
            7 => $"result<{Inner()}, {Inner()}>",
            8 => $"tuple<{Inner()}, {Inner()}>",
            9 or 10 when Named(resource: false) is { } name => name,
            11 when (inParameter || !_strict) && Named(resource: true) is { } name => $"borrow<{name}>",
            12 when Named(resource: true) is { } name => $"own<{name}>",
            13 => $"list<{Inner()}, {1 + Next(4)}>",
            14 => Next(2) == 0 ? $"future<{Inner()}>" : $"stream<{Inner()}>",
            15 => $"map<string, {Inner()}>",
            _ => Pick(Primitives),
        };
    }

    private string Gate() => Rarely(6) ? Pick(Gates) + " " : "";
}
