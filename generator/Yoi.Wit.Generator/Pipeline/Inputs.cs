using System.Collections.Immutable;
using Yoi.Wit.Generator.Spec;
using Yoi.Wit.Model;
using Yoi.Wit.Resolution;
using Yoi.Wit.Text;

namespace Yoi.Wit.Generator.Pipeline;

/// <summary>One <c>.wit</c> AdditionalFile: its path (normalised to '/') and text.</summary>
public sealed record WitSourceText(string Path, string Text);

/// <summary>
/// The files of one package root: the <c>*.wit</c> files of a folder, and its <c>deps/</c> packages
/// (<c>deps/name/*.wit</c> or <c>deps/name.wit</c>). Equatable by contents.
/// </summary>
public sealed record PackageGroup(string Root, EquatableArray<WitSourceText> Files, EquatableArray<DepGroup> Deps);

public sealed record DepGroup(string Root, EquatableArray<WitSourceText> Files);

/// <summary>A package group with the options that apply to it: the input of the front end.</summary>
public sealed record FrontEndInput(PackageGroup Group, GeneratorOptions Options);

/// <summary>What the front end produced for one package group.</summary>
public sealed record ResolvedGroup(WitResolve? Resolve, EquatableArray<DiagnosticInfo> Diagnostics, GeneratorOptions Options);

/// <summary>
/// The front end as the generator calls it: parse and resolve one root package with its dependencies.
/// </summary>
public delegate ResolveResult WitFrontEnd(PackageSources root, ImmutableArray<PackageSources> deps, WitResolveOptions options);

/// <summary>Groups AdditionalFiles into package roots.</summary>
public static class PackageGrouping
{
    public static string Normalize(string path) => path.Replace('\\', '/');

    /// <summary>
    /// Every folder holding <c>.wit</c> files that are not under a <c>deps/</c> folder is a root; files
    /// under <c>root/deps/</c> are its dependencies, grouped by the first folder (or file) below it.
    /// </summary>
    public static ImmutableArray<PackageGroup> Group(ImmutableArray<WitSourceText> files)
    {
        var sorted = files.OrderBy(f => f.Path, StringComparer.Ordinal).ToList();
        var dirs = new HashSet<string>(sorted.Select(f => Directory(f.Path)), StringComparer.Ordinal);
        var roots = new SortedDictionary<string, List<WitSourceText>>(StringComparer.Ordinal);
        foreach (var f in sorted)
        {
            if (!IsDependency(Directory(f.Path), dirs))
            {
                var dir = Directory(f.Path);
                if (!roots.TryGetValue(dir, out var list))
                {
                    roots[dir] = list = new List<WitSourceText>();
                }

                list.Add(f);
            }
        }

        var result = ImmutableArray.CreateBuilder<PackageGroup>();
        foreach (var (root, rootFiles) in roots)
        {
            var prefix = root.Length == 0 ? "deps/" : root + "/deps/";
            var deps = new SortedDictionary<string, List<WitSourceText>>(StringComparer.Ordinal);
            foreach (var f in sorted)
            {
                if (!f.Path.StartsWith(prefix, StringComparison.Ordinal))
                {
                    continue;
                }

                var rest = f.Path.Substring(prefix.Length);
                var slash = rest.IndexOf('/');
                var depRoot = slash < 0 ? prefix + rest : prefix + rest.Substring(0, slash);
                if (slash >= 0 && rest.IndexOf('/', slash + 1) >= 0)
                {
                    continue; // deeper folders are not part of a WIT package
                }

                if (!deps.TryGetValue(depRoot, out var list))
                {
                    deps[depRoot] = list = new List<WitSourceText>();
                }

                list.Add(f);
            }

            result.Add(new PackageGroup(
                root,
                rootFiles.ToEquatableArray(),
                deps.Select(d => new DepGroup(d.Key, d.Value.ToEquatableArray())).ToEquatableArray()));
        }

        return result.ToImmutable();
    }

    /// <summary>A group as the front end takes it: the root package's sources and each dependency's.</summary>
    public static (PackageSources Root, ImmutableArray<PackageSources> Deps) Sources(PackageGroup group) =>
        (new PackageSources(group.Root, group.Files.Select(f => new SourceFile(f.Path, f.Text)).ToImmutableArray()),
         group.Deps.Select(d => new PackageSources(d.Root, d.Files.Select(f => new SourceFile(f.Path, f.Text)).ToImmutableArray())).ToImmutableArray());

    /// <summary>Runs the front end over one group; never throws.</summary>
    public static ResolvedGroup Resolve(FrontEndInput input, WitFrontEnd frontEnd)
    {
        var group = input.Group;
        try
        {
            var (root, deps) = Sources(group);
            var options = new WitResolveOptions(input.Options.Features.AsImmutableArray().ToImmutableHashSet(StringComparer.Ordinal));
            var result = frontEnd(root, deps, options);
            return new ResolvedGroup(
                result.Succeeded ? result.Resolve : null,
                result.Diagnostics.Select(DiagnosticInfo.From).ToEquatableArray(),
                input.Options);
        }
        catch (Exception ex)
        {
            return new ResolvedGroup(
                null,
                ImmutableArray.Create(new DiagnosticInfo(
                    WitDiagnosticIds.GeneratorFailure,
                    WitSeverity.Error,
                    $"The WIT front end failed on package `{group.Root}`: {ex.GetType().Name}: {ex.Message}",
                    SourceLocation.None(group.Files.Count > 0 ? group.Files[0].Path : group.Root))).ToEquatableArray(),
                input.Options);
        }
    }

    /// <summary>Builds the specs of one resolved group; never throws.</summary>
    public static GenerationModel BuildModel(ResolvedGroup resolved)
    {
        if (resolved.Resolve is null)
        {
            return new GenerationModel(EquatableArray<UnitSpec>.Empty, resolved.Diagnostics);
        }

        try
        {
            var model = SpecBuilder.Build(resolved.Resolve, resolved.Options);
            return model with { Diagnostics = resolved.Diagnostics.Concat(model.Diagnostics).ToEquatableArray() };
        }
        catch (Exception ex)
        {
            var location = resolved.Resolve.Packages.Count > 0 ? resolved.Resolve.Packages[resolved.Resolve.Packages.Count - 1].Location : SourceLocation.None("");
            return new GenerationModel(
                EquatableArray<UnitSpec>.Empty,
                resolved.Diagnostics.Append(new DiagnosticInfo(
                    WitDiagnosticIds.GeneratorFailure,
                    WitSeverity.Error,
                    $"Yoi.Wit.Generator failed: {ex.GetType().Name}: {ex.Message}",
                    location)).ToEquatableArray());
        }
    }

    /// <summary>A folder is a dependency when it lies under <c>X/deps/</c> for a folder X that holds .wit files.</summary>
    private static bool IsDependency(string dir, HashSet<string> dirs)
    {
        var probe = "/" + dir + "/";
        for (var k = probe.IndexOf("/deps/", StringComparison.Ordinal); k >= 0; k = probe.IndexOf("/deps/", k + 1, StringComparison.Ordinal))
        {
            var owner = k == 0 ? "" : probe.Substring(1, k - 1);
            if (dirs.Contains(owner))
            {
                return true;
            }
        }

        return false;
    }

    private static string Directory(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash < 0 ? "" : path.Substring(0, slash);
    }
}
