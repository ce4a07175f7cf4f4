using BenchmarkDotNet.Attributes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Yoi.Wit.Generator;

namespace Yoi.Wit.Benchmarks;

/// <summary>
/// The generator's cold run on a WASI-sized package: a fresh <see cref="CSharpGeneratorDriver"/> per
/// operation (no incremental cache), the package as one AdditionalText, every world bound. This is
/// what a clean build pays; an unrelated C# edit afterwards costs close to nothing (the cache tests).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class GeneratorBenchmarks
{
    private AdditionalText[] _wit = null!;
    private CSharpCompilation _compilation = null!;

    [GlobalSetup]
    public void Setup()
    {
        _wit = [new Text("/bench/wit/wasi-sized.wit", WasiSizedPackage.Write())];
        _compilation = CSharpCompilation.Create("Bench", [CSharpSyntaxTree.ParseText("class C { }")]);
        var result = ColdRun();
        if (result.Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error) || result.GeneratedTrees.Length == 0)
        {
            throw new InvalidOperationException("the generator failed: " + string.Join("\n", result.Diagnostics));
        }

        Console.WriteLine($"// generated {result.GeneratedTrees.Length} files, {result.GeneratedTrees.Sum(t => t.Length)} chars, {result.Diagnostics.Length} diagnostics");
    }

    [Benchmark]
    public GeneratorDriverRunResult ColdRun()
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new WitGenerator().AsSourceGenerator()],
            _wit,
            CSharpParseOptions.Default,
            new NoOptions());
        return driver.RunGenerators(_compilation).GetRunResult();
    }

    private sealed class Text(string path, string text) : AdditionalText
    {
        private readonly SourceText _text = SourceText.From(text);

        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
    }

    private sealed class NoOptions : AnalyzerConfigOptionsProvider
    {
        private static readonly Empty Options = new();

        public override AnalyzerConfigOptions GlobalOptions => Options;

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options;

        private sealed class Empty : AnalyzerConfigOptions
        {
            public override bool TryGetValue(string key, out string value)
            {
                value = "";
                return false;
            }
        }
    }
}
