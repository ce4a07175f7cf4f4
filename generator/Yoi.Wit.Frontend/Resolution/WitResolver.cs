using System.Collections.Immutable;
using Yoi.Wit.Model;
using Yoi.Wit.Syntax;
using Yoi.Wit.Text;

namespace Yoi.Wit.Resolution;

/// <summary>
/// The WIT resolver: parses every file, groups files into packages, orders packages by their references
/// to each other, and resolves each into one <see cref="WitResolve"/>, following wasm-tools' wit-parser.
/// Problems are returned as diagnostics, never thrown.
/// </summary>
public static class WitResolver
{
    public static ResolveResult Resolve(PackageSources root, ImmutableArray<PackageSources> deps, WitResolveOptions options)
    {
        var diagnostics = new List<WitDiagnostic>();
        var rootFiles = Parse(root, diagnostics);
        var depFiles = new List<IReadOnlyList<WitFile>>();
        foreach (var dep in deps.IsDefault ? ImmutableArray<PackageSources>.Empty : deps)
        {
            depFiles.Add(Parse(dep, diagnostics));
        }

        if (diagnostics.Any(d => d.Severity == WitSeverity.Error))
        {
            return new ResolveResult(null, diagnostics.ToImmutableArray());
        }

        var result = ResolveParsed(rootFiles, depFiles, options);
        diagnostics.AddRange(result.Diagnostics);
        return result with { Diagnostics = diagnostics.ToImmutableArray() };
    }

    private static List<WitFile> Parse(PackageSources sources, List<WitDiagnostic> diagnostics)
    {
        var files = new List<WitFile>();
        foreach (var source in sources.Files)
        {
            var parsed = WitParser.Parse(source);
            diagnostics.AddRange(parsed.Diagnostics);
            if (parsed.File is not null)
            {
                files.Add(parsed.File);
            }
        }

        return files;
    }

    /// <summary>Resolves already-parsed files: the root package's files and each dependency package's files.</summary>
    internal static ResolveResult ResolveParsed(IReadOnlyList<WitFile> root, IReadOnlyList<IReadOnlyList<WitFile>> deps, WitResolveOptions options)
    {
        var cx = new ResolveContext(options);
        var packages = new List<UnresolvedPackage>();
        foreach (var dep in deps)
        {
            packages.AddRange(PackageGrouper.Group(dep, isRoot: false, cx));
        }

        var rootPackages = PackageGrouper.Group(root, isRoot: true, cx);
        packages.AddRange(rootPackages);
        if (cx.HasErrors)
        {
            return Fail(cx);
        }

        var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < packages.Count; i++)
        {
            var package = packages[i];
            if (byKey.TryGetValue(package.Key, out var previous))
            {
                cx.Error(
                    WitDiagnosticIds.Package,
                    $"package `{package.Key}` is defined in two different locations:\n  * {package.Location}\n  * {packages[previous].Location}",
                    package.Location);
                continue;
            }

            byKey.Add(package.Key, i);
        }

        if (cx.HasErrors)
        {
            return Fail(cx);
        }

        // Order packages so that every package comes after the packages it refers to.
        var edges = new List<(int Target, (SourceFile File, TextSpan Span) Edge)>[packages.Count];
        for (int i = 0; i < packages.Count; i++)
        {
            edges[i] = new List<(int, (SourceFile, TextSpan))>();
            foreach (var scope in packages[i].Scopes)
            {
                foreach (var path in ForeignPaths(scope))
                {
                    if (byKey.TryGetValue(path.Package.ToString(), out var target))
                    {
                        edges[i].Add((target, (scope.File, path.Package.Span)));
                    }
                }
            }
        }

        if (!DependencySorter.TrySort(packages.Count, i => edges[i], out var order, out var cycle))
        {
            cx.Error(
                WitDiagnosticIds.Cycle,
                $"package `{packages[cycle.Target].Key}` creates a dependency cycle",
                cycle.Edge.File,
                cycle.Edge.Span);
            return Fail(cx);
        }

        var indices = new Dictionary<UnresolvedPackage, int>();
        foreach (var i in order)
        {
            indices[packages[i]] = PackageResolver.Resolve(cx, packages[i]);
            if (cx.HasErrors)
            {
                return Fail(cx);
            }
        }

        var model = cx.Build(rootPackages.Select(p => indices[p]));
        return new ResolveResult(model, cx.Diagnostics.ToImmutableArray());
    }

    private static ResolveResult Fail(ResolveContext cx) => new(null, cx.Diagnostics.ToImmutableArray());

    /// <summary>Every <c>ns:pkg/name</c> path written in a scope.</summary>
    private static IEnumerable<PackageUsePath> ForeignPaths(PackageScope scope)
    {
        static IEnumerable<UsePath> InInterface(IEnumerable<InterfaceItem> items) =>
            items.OfType<UseItem>().Select(u => u.From);

        var paths = new List<UsePath>();
        paths.AddRange(scope.Uses.Select(u => u.Path));
        foreach (var item in scope.Items)
        {
            switch (item)
            {
                case InterfaceDecl i:
                    paths.AddRange(InInterface(i.Items));
                    break;
                case WorldDecl w:
                    foreach (var worldItem in w.Items)
                    {
                        switch (worldItem)
                        {
                            case WorldTypeItem { Item: UseItem use }:
                                paths.Add(use.From);
                                break;
                            case ImportItem { Kind: PathExtern p }:
                                paths.Add(p.Path);
                                break;
                            case ExportItem { Kind: PathExtern p }:
                                paths.Add(p.Path);
                                break;
                            case ImportItem { Kind: NamedPathExtern p }:
                                paths.Add(p.Path);
                                break;
                            case ExportItem { Kind: NamedPathExtern p }:
                                paths.Add(p.Path);
                                break;
                            case ImportItem { Kind: InlineInterfaceExtern inline }:
                                paths.AddRange(InInterface(inline.Items));
                                break;
                            case ExportItem { Kind: InlineInterfaceExtern inline }:
                                paths.AddRange(InInterface(inline.Items));
                                break;
                            case IncludeItem include:
                                paths.Add(include.From);
                                break;
                        }
                    }

                    break;
            }
        }

        return paths.OfType<PackageUsePath>();
    }
}
