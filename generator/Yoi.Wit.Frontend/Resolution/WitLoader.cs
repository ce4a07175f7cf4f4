using System.Collections.Immutable;
using Yoi.Wit.Text;

namespace Yoi.Wit.Resolution;

/// <summary>
/// Reads WIT from disk: a single <c>.wit</c> file, or a package directory (every <c>*.wit</c> directly in
/// it, plus <c>deps/</c> whose entries, <c>.wit</c> files or folders of them, are dependency packages).
/// Unreadable input is reported as a diagnostic, never thrown.
/// </summary>
public static class WitLoader
{
    public static ResolveResult Load(string path, WitResolveOptions options)
    {
        var diagnostics = new List<WitDiagnostic>();
        var display = path;
        try
        {
            if (File.Exists(path))
            {
                var file = ReadFile(path, display, diagnostics);
                if (file is null)
                {
                    return new ResolveResult(null, diagnostics.ToImmutableArray());
                }

                return WitResolver.Resolve(new PackageSources(path, ImmutableArray.Create(file)), ImmutableArray<PackageSources>.Empty, options);
            }

            if (!Directory.Exists(path))
            {
                diagnostics.Add(WitDiagnostic.Error(WitDiagnosticIds.Io, $"no such file or directory: {display}", SourceLocation.None(display)));
                return new ResolveResult(null, diagnostics.ToImmutableArray());
            }

            var root = ReadPackageDirectory(path, display, diagnostics);
            var deps = ImmutableArray.CreateBuilder<PackageSources>();
            var depsDir = Path.Combine(path, "deps");
            if (Directory.Exists(depsDir))
            {
                foreach (var entry in Directory.EnumerateFileSystemEntries(depsDir).OrderBy(e => e, StringComparer.Ordinal))
                {
                    var entryDisplay = Path.Combine(display, "deps", Path.GetFileName(entry));
                    if (Directory.Exists(entry))
                    {
                        deps.Add(ReadPackageDirectory(entry, entryDisplay, diagnostics));
                    }
                    else if (entry.EndsWith(".wit", StringComparison.Ordinal))
                    {
                        if (ReadFile(entry, entryDisplay, diagnostics) is { } file)
                        {
                            deps.Add(new PackageSources(entry, ImmutableArray.Create(file)));
                        }
                    }
                }
            }

            if (diagnostics.Count > 0)
            {
                return new ResolveResult(null, diagnostics.ToImmutableArray());
            }

            return WitResolver.Resolve(root, deps.ToImmutable(), options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            diagnostics.Add(WitDiagnostic.Error(WitDiagnosticIds.Io, $"cannot read {display}: {e.Message}", SourceLocation.None(display)));
            return new ResolveResult(null, diagnostics.ToImmutableArray());
        }
    }

    private static PackageSources ReadPackageDirectory(string directory, string display, List<WitDiagnostic> diagnostics)
    {
        var files = ImmutableArray.CreateBuilder<SourceFile>();
        foreach (var file in Directory.EnumerateFiles(directory, "*.wit").OrderBy(f => f, StringComparer.Ordinal))
        {
            if (ReadFile(file, Path.Combine(display, Path.GetFileName(file)), diagnostics) is { } source)
            {
                files.Add(source);
            }
        }

        return new PackageSources(directory, files.ToImmutable());
    }

    private static SourceFile? ReadFile(string path, string display, List<WitDiagnostic> diagnostics)
    {
        try
        {
            return new SourceFile(display, File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            diagnostics.Add(WitDiagnostic.Error(WitDiagnosticIds.Io, $"cannot read {display}: {e.Message}", SourceLocation.None(display)));
            return null;
        }
    }
}
