using System.Collections.Immutable;
using Yoi.Wit.Generator.Pipeline;
using Yoi.Wit.Resolution;
using Yoi.Wit.Text;

namespace Yoi.Cli.Commands;

/// <summary>The <c>.wit</c> files at a path, or why there are none to use.</summary>
public sealed record WitInput(ImmutableArray<WitSourceText> Files, ImmutableArray<WitDiagnostic> Problems);

/// <summary>
/// What <c>yoi wit check PATH</c> and <c>yoi wit bindgen PATH</c> read, so both see the same packages:
/// a file, or every <c>*.wit</c> under a folder, grouped exactly as the generator groups a project's
/// <c>wit/**/*.wit</c> (<see cref="PackageGrouping.Group"/>): each folder of <c>.wit</c> files not under a
/// <c>deps/</c> folder is a root package, and its <c>deps/NAME/*.wit</c> or <c>deps/NAME.wit</c> are its
/// dependencies. Paths stay as the user wrote them, so messages point where they looked.
/// </summary>
public static class WitInputs
{
    public static WitInput Read(string path)
    {
        var problems = ImmutableArray.CreateBuilder<WitDiagnostic>();
        var files = ImmutableArray.CreateBuilder<WitSourceText>();
        try
        {
            if (File.Exists(path))
            {
                Add(path);
            }
            else if (Directory.Exists(path))
            {
                foreach (var file in Directory.EnumerateFiles(path, "*.wit", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    Add(file);
                }

                if (files.Count == 0 && problems.Count == 0)
                {
                    problems.Add(WitDiagnostic.Error(WitDiagnosticIds.Package, $"no .wit files under {path}", SourceLocation.None(path)));
                }
            }
            else
            {
                problems.Add(WitDiagnostic.Error(WitDiagnosticIds.Io, $"no such file or directory: {path}", SourceLocation.None(path)));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add(WitDiagnostic.Error(WitDiagnosticIds.Io, $"cannot read {path}: {e.Message}", SourceLocation.None(path)));
        }

        return new WitInput(files.ToImmutable(), problems.ToImmutable());

        void Add(string file)
        {
            var display = PackageGrouping.Normalize(file);
            try
            {
                files.Add(new WitSourceText(display, File.ReadAllText(file)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add(WitDiagnostic.Error(WitDiagnosticIds.Io, $"cannot read {display}: {e.Message}", SourceLocation.None(display)));
            }
        }
    }

    /// <summary>Parses and resolves each root package of <paramref name="input"/> with its dependencies, as the generator does.</summary>
    public static ImmutableArray<ResolveResult> Resolve(WitInput input, WitResolveOptions options)
    {
        if (input.Problems.Length > 0)
        {
            return [new ResolveResult(null, input.Problems)];
        }

        return PackageGrouping.Group(input.Files)
            .Select(group =>
            {
                var (root, deps) = PackageGrouping.Sources(group);
                return WitResolver.Resolve(root, deps, options);
            })
            .ToImmutableArray();
    }
}
