using System.Collections.Immutable;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Yoi.Wit.Generator.Pipeline;
using Yoi.Wit.Model;
using Yoi.Wit.Resolution;

namespace Yoi.Wit.Generator.Tests.Infrastructure;

/// <summary>Runs <see cref="WitGenerator"/> through <see cref="CSharpGeneratorDriver"/>, as the compiler does.</summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions =
        new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose);

    /// <summary>A front end that ignores the text and returns <paramref name="build"/>'s model for the root.</summary>
    public static WitFrontEnd FrontEnd(Func<PackageSources, WitResolve> build) =>
        (root, deps, options) => new ResolveResult(build(root), ImmutableArray<Yoi.Wit.Text.WitDiagnostic>.Empty);

    public static WitFrontEnd FrontEnd(WitResolve model) => FrontEnd(_ => model);

    public static GeneratorDriver CreateDriver(WitFrontEnd frontEnd, IEnumerable<AdditionalText> wit, IReadOnlyDictionary<string, string>? properties = null) =>
        CSharpGeneratorDriver.Create(
            new[] { new WitGenerator(frontEnd).AsSourceGenerator() },
            wit,
            ParseOptions,
            new TestOptionsProvider(properties ?? new Dictionary<string, string>()),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static CSharpCompilation Compilation(params string[] sources) =>
        CSharpCompilation.Create(
            "Generated",
            sources.Select(s => CSharpSyntaxTree.ParseText(s, ParseOptions)),
            References.Value,
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                generalDiagnosticOption: ReportDiagnostic.Error));

    /// <summary>Runs the generator once and returns the run result and the output compilation.</summary>
    public static (GeneratorDriverRunResult Result, Compilation Output, GeneratorDriver Driver) Run(
        WitResolve model,
        IReadOnlyDictionary<string, string>? properties = null,
        params (string Path, string Text)[] files)
    {
        (string Path, string Text)[] wit = files.Length > 0 ? files : new[] { ("/src/wit/world.wit", "// hand-built model") };
        var driver = CreateDriver(FrontEnd(model), wit.Select(f => (AdditionalText)new TestAdditionalText(f.Path, f.Text)), properties);
        driver = driver.RunGeneratorsAndUpdateCompilation(Compilation("namespace App { internal static class Program { } }"), out var output, out _);
        return (driver.GetRunResult(), output, driver);
    }

    /// <summary>
    /// Runs the real generator (parser, resolver, emitter) over WIT text as AdditionalFiles and compiles
    /// its output with nullable enabled and every warning an error, as a host project would.
    /// </summary>
    public static WitRun RunWit(IReadOnlyDictionary<string, string>? properties, params (string Path, string Text)[] files)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            new[] { new WitGenerator().AsSourceGenerator() },
            files.Select(f => (AdditionalText)new TestAdditionalText(f.Path, f.Text)),
            ParseOptions,
            new TestOptionsProvider(properties ?? new Dictionary<string, string>()));
        driver = driver.RunGeneratorsAndUpdateCompilation(AppCompilation.Value, out var output, out _);
        var result = driver.GetRunResult();
        return new WitRun(
            result,
            output,
            result.Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString()),
            output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToImmutableArray());
    }

    public static WitRun RunWit(params (string Path, string Text)[] files) => RunWit(null, files);

    /// <summary>One host compilation for every <see cref="RunWit(IReadOnlyDictionary{string, string}?, ValueTuple{string, string}[])"/>:
    /// compilations derived from it share its bound references, which makes each run several times cheaper.</summary>
    private static readonly Lazy<CSharpCompilation> AppCompilation = new(() => Compilation("namespace App { internal static class P { } }"));

    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() =>
    {
        var tpa = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var refs = tpa
            .Where(p => System.IO.Path.GetFileName(p) is var n && (n.StartsWith("System.", StringComparison.Ordinal) || n is "netstandard.dll" or "mscorlib.dll" or "Microsoft.Win32.Primitives.dll"))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList();
        refs.Add(MetadataReference.CreateFromFile(typeof(Yoi.Wit.Bindings.ComponentValues).Assembly.Location));
        refs.Add(MetadataReference.CreateFromFile(typeof(Wasmtime.Components.ComponentValue).Assembly.Location));
        return refs.ToImmutableArray();
    });

    /// <summary>The test project's folder (snapshots are read and written there), recorded at build time.</summary>
    public static string ProjectDirectory() =>
        typeof(GeneratorHarness).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "ProjectDirectory").Value!;
}

/// <summary>What <see cref="GeneratorHarness.RunWit(IReadOnlyDictionary{string, string}?, ValueTuple{string, string}[])"/> produced.</summary>
/// <param name="Problems">Compiler warnings and errors in the output compilation (generator diagnostics excluded).</param>
internal sealed record WitRun(GeneratorDriverRunResult Result, Compilation Output, IReadOnlyDictionary<string, string> Sources, ImmutableArray<Diagnostic> Problems)
{
    /// <summary>Fails unless the generator said nothing and its output compiled cleanly.</summary>
    public WitRun AssertClean()
    {
        Assert.True(Result.Diagnostics.IsEmpty, string.Join("\n", Result.Diagnostics.Select(d => d.ToString())));
        Assert.True(Problems.IsEmpty, string.Join("\n", Problems.Select(d => d.ToString())));
        return this;
    }
}

internal sealed class TestAdditionalText(string path, string text) : AdditionalText
{
    public override string Path { get; } = path;

    public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
}

internal sealed class TestOptionsProvider(IReadOnlyDictionary<string, string> global) : AnalyzerConfigOptionsProvider
{
    public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(global);

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => new Options(new Dictionary<string, string>());

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => new Options(new Dictionary<string, string>());

    private sealed class Options(IReadOnlyDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public override bool TryGetValue(string key, out string value)
        {
            if (values.TryGetValue(key, out var found))
            {
                value = found;
                return true;
            }

            value = "";
            return false;
        }
    }
}
