using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Yoi.Wit.Resolution;
using Yoi.Wit.Syntax;
using Yoi.Wit.Text;

namespace Yoi.Wit.Benchmarks;

/// <summary>Parse, and parse+resolve, of a WASI-sized package held in memory (no file I/O measured).</summary>
[MemoryDiagnoser]
[MedianColumn, MinColumn, MaxColumn]
public class FrontEndBenchmarks
{
    private SourceFile _source = null!;

    [GlobalSetup]
    public void Setup()
    {
        _source = new SourceFile("wasi-sized.wit", WasiSizedPackage.Write());
        var result = Resolve();
        if (!result.Succeeded)
        {
            throw new InvalidOperationException("the benchmark package does not resolve: " + string.Join("\n", result.Diagnostics));
        }

        Console.WriteLine($"// benchmark package: {_source.Text.Split('\n').Length} lines");
    }

    [Benchmark]
    public ParseResult Parse() => WitParser.Parse(_source);

    [Benchmark]
    public ResolveResult ParseAndResolve() => Resolve();

    private ResolveResult Resolve() =>
        WitResolver.Resolve(new PackageSources("wasi-sized", [_source]), ImmutableArray<PackageSources>.Empty, WitResolveOptions.Default);
}
