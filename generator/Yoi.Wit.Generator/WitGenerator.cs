using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Yoi.Wit.Generator.Emit;
using Yoi.Wit.Generator.Pipeline;
using Yoi.Wit.Generator.Spec;
using Yoi.Wit.Model;
using Yoi.Wit.Text;

namespace Yoi.Wit.Generator;

/// <summary>
/// Typed C# host bindings from the <c>.wit</c> AdditionalFiles of a project.
/// Pipeline (each step named for the incremental-cache tests):
/// <c>WitFiles</c> (path, text) → <c>Packages</c> (root + deps groups) → <c>Resolved</c> (front end) →
/// <c>Model</c> (equatable specs + diagnostics) → <c>Units</c> (one spec per file) → emitted source.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class WitGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps.</summary>
    public static class Steps
    {
        public const string WitFiles = nameof(WitFiles);
        public const string Options = nameof(Options);
        public const string Packages = nameof(Packages);
        public const string Resolved = nameof(Resolved);
        public const string Model = nameof(Model);
        public const string Units = nameof(Units);
        public const string Diagnostics = nameof(Diagnostics);
    }

    private readonly WitFrontEnd _frontEnd;

    public WitGenerator()
        : this(DefaultFrontEnd.Resolve)
    {
    }

    /// <summary>For tests: a generator over another front end.</summary>
    internal WitGenerator(WitFrontEnd frontEnd) => _frontEnd = frontEnd;

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var files = context.AdditionalTextsProvider
            .Where(static t => t.Path.EndsWith(".wit", StringComparison.OrdinalIgnoreCase))
            .Select(static (t, ct) => new WitSourceText(PackageGrouping.Normalize(t.Path), t.GetText(ct)?.ToString() ?? ""))
            .WithTrackingName(Steps.WitFiles);

        var options = context.AnalyzerConfigOptionsProvider
            .Select(static (provider, _) => ReadOptions(provider.GlobalOptions))
            .WithTrackingName(Steps.Options);

        var packages = files.Collect()
            .SelectMany(static (all, _) => PackageGrouping.Group(all))
            .WithTrackingName(Steps.Packages);

        var frontEnd = _frontEnd;
        var resolved = packages.Combine(options)
            .Select((pair, _) => PackageGrouping.Resolve(new FrontEndInput(pair.Left, pair.Right), frontEnd))
            .WithTrackingName(Steps.Resolved);

        var models = resolved
            .Select(static (r, _) => PackageGrouping.BuildModel(r))
            .WithTrackingName(Steps.Model);

        var units = models
            .SelectMany(static (m, _) => m.Units.AsImmutableArray())
            .WithTrackingName(Steps.Units);

        var diagnostics = models
            .SelectMany(static (m, _) => m.Diagnostics.AsImmutableArray())
            .WithTrackingName(Steps.Diagnostics);

        context.RegisterSourceOutput(units, static (spc, unit) =>
            spc.AddSource(unit.HintName, SourceText.From(Emitter.Emit(unit), System.Text.Encoding.UTF8)));

        context.RegisterSourceOutput(diagnostics, static (spc, d) => spc.ReportDiagnostic(ToRoslyn(d)));
    }

    internal static GeneratorOptions ReadOptions(Microsoft.CodeAnalysis.Diagnostics.AnalyzerConfigOptions options)
    {
        options.TryGetValue("build_property.YoiWitWorld", out var worlds);
        options.TryGetValue("build_property.YoiWitNamespace", out var ns);
        options.TryGetValue("build_property.YoiWitFeatures", out var features);
        return new GeneratorOptions(Split(worlds), string.IsNullOrWhiteSpace(ns) ? null : ns!.Trim(), Split(features));
    }

    private static EquatableArray<string> Split(string? value) =>
        (value ?? "").Split(new[] { ';', ',', ' ' }, StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()).ToEquatableArray();

    /// <summary>A diagnostic value to a Roslyn diagnostic located in its .wit file.</summary>
    public static Diagnostic ToRoslyn(DiagnosticInfo d)
    {
        var descriptor = new DiagnosticDescriptor(
            d.Id,
            Title(d.Id),
            "{0}",
            "Yoi.Wit",
            d.Severity == WitSeverity.Error ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            helpLinkUri: null);
        var location = string.IsNullOrEmpty(d.Location.Path)
            ? Location.None
            : Location.Create(
                d.Location.Path,
                default,
                new LinePositionSpan(
                    new LinePosition(Math.Max(0, d.Location.Line - 1), Math.Max(0, d.Location.Column - 1)),
                    new LinePosition(Math.Max(0, d.Location.EndLine - 1), Math.Max(0, d.Location.EndColumn - 1))));
        return Diagnostic.Create(descriptor, location, d.Message);
    }

    private static string Title(string id) => id switch
    {
        WitDiagnosticIds.Lexical => "WIT lexical error",
        WitDiagnosticIds.Syntax => "WIT syntax error",
        WitDiagnosticIds.Undefined => "Undefined WIT name",
        WitDiagnosticIds.Duplicate => "Duplicate WIT name",
        WitDiagnosticIds.Cycle => "WIT cycle",
        WitDiagnosticIds.Package => "WIT package error",
        WitDiagnosticIds.Invalid => "Invalid WIT construct",
        WitDiagnosticIds.Gate => "WIT feature gate error",
        WitDiagnosticIds.Io => "WIT file error",
        WitDiagnosticIds.UnknownWorld => "Unknown WIT world",
        WitDiagnosticIds.UnsupportedResource => "WIT resources are not supported",
        WitDiagnosticIds.UnsupportedMap => "WIT map is not supported",
        WitDiagnosticIds.UnsupportedFuture => "WIT future is not supported",
        WitDiagnosticIds.UnsupportedStream => "WIT stream is not supported",
        WitDiagnosticIds.UnsupportedErrorContext => "WIT error-context is not supported",
        WitDiagnosticIds.UnsupportedAsync => "WIT async functions are not supported",
        WitDiagnosticIds.UnsupportedFixedList => "WIT fixed-size lists are not supported",
        WitDiagnosticIds.NoWorld => "No WIT world to bind",
        _ => "Yoi.Wit generator error",
    };
}

/// <summary>The real front end: the parser and resolver in Yoi.Wit.Frontend (the same code `yoi wit` runs).</summary>
internal static class DefaultFrontEnd
{
    public static Yoi.Wit.Resolution.ResolveResult Resolve(Yoi.Wit.Resolution.PackageSources root, ImmutableArray<Yoi.Wit.Resolution.PackageSources> deps, Yoi.Wit.Resolution.WitResolveOptions options) =>
        Yoi.Wit.Resolution.WitResolver.Resolve(root, deps, options);
}
