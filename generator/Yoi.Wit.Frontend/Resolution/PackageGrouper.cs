using System.Collections.Immutable;
using Yoi.Wit.Model;
using Yoi.Wit.Syntax;
using Yoi.Wit.Text;

namespace Yoi.Wit.Resolution;

/// <summary>The items of one file (or one nested <c>package x:y { }</c> block) and the top-level uses they see.</summary>
internal sealed record PackageScope(SourceFile File, ImmutableArray<TopLevelUse> Uses, ImmutableArray<TopLevelItem> Items);

/// <summary>A package before resolution: its name and the scopes (files, nested blocks) that declare its items.</summary>
internal sealed class UnresolvedPackage
{
    public required PackageName Name { get; init; }

    public required SourceFile DeclFile { get; init; }

    public required bool IsRoot { get; init; }

    public string Docs { get; set; } = WitDocs.None;

    public List<PackageScope> Scopes { get; } = new();

    public string Key => Name.ToString();

    public WitPackageName ModelName => new(Name.Namespace.Name, Name.Name.Name, Name.Version?.Text);

    public SourceLocation Location => DeclFile.Location(Name.Span);
}

/// <summary>
/// Turns the parsed files of one package root into packages, as wit-parser does: every file may name the
/// package (all must agree, one may carry docs), files without a declaration join it, and each
/// <c>package x:y { ... }</c> block at the top level of a file is a package of its own.
/// </summary>
internal static class PackageGrouper
{
    public static List<UnresolvedPackage> Group(IReadOnlyList<WitFile> files, bool isRoot, ResolveContext context)
    {
        var result = new List<UnresolvedPackage>();
        PackageDecl? mainDecl = null;
        SourceFile? mainFile = null;
        string? mainDocs = null;
        bool anyMainItems = false;
        var mainScopes = new List<PackageScope>();

        foreach (var file in files)
        {
            if (file.Package is { } decl)
            {
                if (mainDecl is null)
                {
                    mainDecl = decl;
                    mainFile = file.Source;
                }
                else if (mainDecl.Name.ToString() != decl.Name.ToString())
                {
                    context.Error(
                        WitDiagnosticIds.Package,
                        $"package identifier `{decl.Name}` does not match previous package name of `{mainDecl.Name}`",
                        file.Source,
                        decl.Name.Span);
                }

                if (!decl.Docs.IsEmpty)
                {
                    if (mainDocs is not null)
                    {
                        context.Error(WitDiagnosticIds.Package, "found doc comments on multiple 'package' items", file.Source, decl.Span);
                    }

                    mainDocs = ResolveContext.DocsText(decl.Docs);
                }
            }

            var uses = ImmutableArray.CreateBuilder<TopLevelUse>();
            var items = ImmutableArray.CreateBuilder<TopLevelItem>();
            foreach (var item in file.Items)
            {
                switch (item)
                {
                    case NestedPackage nested:
                        result.Add(Nested(nested, file.Source, isRoot, context));
                        break;
                    case TopLevelUse use:
                        uses.Add(use);
                        anyMainItems = true;
                        break;
                    default:
                        items.Add(item);
                        anyMainItems = true;
                        break;
                }
            }

            mainScopes.Add(new PackageScope(file.Source, uses.ToImmutable(), items.ToImmutable()));
        }

        if (mainDecl is null)
        {
            if (anyMainItems || result.Count == 0)
            {
                var where = files.Count > 0 ? files[0].Source.Location(new TextSpan(0, 0)) : SourceLocation.None("<no files>");
                context.Error(WitDiagnosticIds.Package, "no `package` header was found in any WIT file for this package", where);
            }

            return result;
        }

        var main = new UnresolvedPackage { Name = mainDecl.Name, DeclFile = mainFile!, IsRoot = isRoot, Docs = mainDocs ?? WitDocs.None };
        main.Scopes.AddRange(mainScopes);
        result.Add(main);
        return result;
    }

    private static UnresolvedPackage Nested(NestedPackage nested, SourceFile file, bool isRoot, ResolveContext context)
    {
        var package = new UnresolvedPackage
        {
            Name = nested.Name,
            DeclFile = file,
            IsRoot = isRoot,
            Docs = ResolveContext.DocsText(nested.Docs),
        };
        var uses = ImmutableArray.CreateBuilder<TopLevelUse>();
        var items = ImmutableArray.CreateBuilder<TopLevelItem>();
        foreach (var item in nested.Items)
        {
            switch (item)
            {
                case NestedPackage inner:
                    context.Error(WitDiagnosticIds.Package, "nested packages must be placed at the top-level", file, inner.Name.Span);
                    break;
                case TopLevelUse use:
                    uses.Add(use);
                    break;
                default:
                    items.Add(item);
                    break;
            }
        }

        package.Scopes.Add(new PackageScope(file, uses.ToImmutable(), items.ToImmutable()));
        return package;
    }
}
