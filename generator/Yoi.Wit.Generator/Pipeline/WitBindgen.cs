using System.Collections.Immutable;
using Yoi.Wit.Generator.Emit;
using Yoi.Wit.Generator.Spec;
using Yoi.Wit.Text;

namespace Yoi.Wit.Generator.Pipeline;

/// <summary>One file the generator adds to a compilation: its hint name and text.</summary>
public sealed record GeneratedFile(string HintName, string Text);

/// <summary>Everything the generator adds for a set of <c>.wit</c> files: sources and diagnostics.</summary>
public sealed record BindgenResult(ImmutableArray<GeneratedFile> Files, ImmutableArray<DiagnosticInfo> Diagnostics)
{
    public bool HasErrors => Diagnostics.Any(d => d.Severity == WitSeverity.Error);
}

/// <summary>
/// The generator's pipeline run outside a compilation (for <c>yoi wit bindgen</c>): the same stages,
/// in the same order, as <see cref="WitGenerator"/>'s incremental steps —
/// <see cref="PackageGrouping.Group"/> → <see cref="PackageGrouping.Resolve"/> →
/// <see cref="PackageGrouping.BuildModel"/> → <see cref="Emitter.Emit"/> — so what it returns is exactly
/// what the generator adds to a compilation with the same AdditionalFiles and properties.
/// </summary>
public static class WitBindgen
{
    public static BindgenResult Run(IEnumerable<WitSourceText> files, GeneratorOptions options) =>
        Run(files, options, DefaultFrontEnd.Resolve);

    internal static BindgenResult Run(IEnumerable<WitSourceText> files, GeneratorOptions options, WitFrontEnd frontEnd)
    {
        var output = ImmutableArray.CreateBuilder<GeneratedFile>();
        var diagnostics = ImmutableArray.CreateBuilder<DiagnosticInfo>();
        var normalized = files.Select(f => f with { Path = PackageGrouping.Normalize(f.Path) }).ToImmutableArray();
        foreach (var group in PackageGrouping.Group(normalized))
        {
            var model = PackageGrouping.BuildModel(PackageGrouping.Resolve(new FrontEndInput(group, options), frontEnd));
            output.AddRange(model.Units.Select(u => new GeneratedFile(u.HintName, Emitter.Emit(u))));
            diagnostics.AddRange(model.Diagnostics);
        }

        return new BindgenResult(output.ToImmutable(), diagnostics.ToImmutable());
    }
}
