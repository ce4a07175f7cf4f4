using CsCheck;
using Microsoft.CodeAnalysis;
using Yoi.Wit.Generator.Tests.Infrastructure;
using Xunit.Abstractions;
using Yoi.Wit.Text;

namespace Yoi.Wit.Generator.Tests;

/// <summary>
/// For any WIT package (random ones from <see cref="RandomWit"/>: interfaces, worlds, imports and exports,
/// inline interfaces, every kind of type including <c>tuple&lt;&gt;</c>, names that are keywords, <c>%</c>-escaped,
/// or equal to generated members), the generator either emits code that compiles with nullable and
/// warnings as errors, or says why with a diagnostic located in a <c>.wit</c> file; it never throws.
/// </summary>
/// <remarks>
/// <c>YOI_PROPERTY_ITERATIONS</c> sets how many packages are tried (default <see cref="DefaultIterations"/>).
/// With <c>CI=true</c> the packages come from fixed seeds, so every CI run tries the same ones.
/// <c>YOI_PROPERTY_SEED</c> replays the seed a failure printed (CsCheck then shrinks from it).
/// </remarks>
public sealed class GeneratorPropertyTests(ITestOutputHelper log)
{
    private const int DefaultIterations = 40;

    /// <summary>The fixed seeds CI uses: stream 7, states FixedBase, FixedBase + 1, ...</summary>
    private const ulong FixedBase = 20_250_601;

    [Fact]
    public void The_generator_emits_compiling_code_or_a_located_diagnostic_for_any_wit()
    {
        var iterations = int.TryParse(Environment.GetEnvironmentVariable("YOI_PROPERTY_ITERATIONS"), out var n) && n > 0 ? n : DefaultIterations;
        var seed = Environment.GetEnvironmentVariable("YOI_PROPERTY_SEED");
        var started = System.Diagnostics.Stopwatch.StartNew();
        if (!string.IsNullOrWhiteSpace(seed))
        {
            RandomWit.Package.Sample(Holds, log.WriteLine, seed: seed.Trim(), iter: iterations, print: Print);
        }
        else if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            var outcomes = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
            Parallel.For(0, iterations, i =>
            {
                var pcg = new PCG(7, FixedBase + (ulong)i);
                var replay = pcg.ToString();
                var model = RandomWit.Package.Generate(pcg, null, out _);
                try
                {
                    outcomes.AddOrUpdate(Holds(model), 1, (_, c) => c + 1);
                }
                catch (Exception ex)
                {
                    throw new Xunit.Sdk.XunitException($"Fixed case {i} failed; replay and shrink it with YOI_PROPERTY_SEED={replay}\n{Print(model)}\n{ex.Message}");
                }
            });
            foreach (var (outcome, count) in outcomes.OrderBy(o => o.Key, StringComparer.Ordinal))
            {
                log.WriteLine($"{count,5} {outcome}");
            }
        }
        else
        {
            RandomWit.Package.Sample(Holds, log.WriteLine, iter: iterations, print: Print);
        }

        log.WriteLine($"{iterations} random WIT packages in {started.Elapsed.TotalSeconds:F1} s");
    }

    private static string Print(PackageModel model) => RandomWit.Render(model).ToString();

    /// <summary>The property, for one package: throws (with what went wrong) when it does not hold, else says which way it held.</summary>
    private static string Holds(PackageModel model)
    {
        var wit = RandomWit.Render(model);
        var run = GeneratorHarness.RunWit(wit.Properties, wit.Files);
        var generator = run.Result.Results.Single();
        if (generator.Exception is { } crash)
        {
            throw new InvalidOperationException($"the generator threw: {crash}");
        }

        foreach (var d in run.Result.Diagnostics)
        {
            var span = d.Location.GetLineSpan();
            if (d.Id == WitDiagnosticIds.GeneratorFailure)
            {
                throw new InvalidOperationException($"the generator failed: {d}");
            }

            if (!d.Id.StartsWith("YOIWIT", StringComparison.Ordinal) || d.Location.Kind != LocationKind.ExternalFile || !span.Path.EndsWith(".wit", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"a diagnostic without a .wit location: {d}");
            }
        }

        if (run.Problems.Length > 0)
        {
            throw new InvalidOperationException("the generated code does not compile:\n" + string.Join("\n", run.Problems.Take(10)));
        }

        if (run.Sources.Count == 0 && run.Result.Diagnostics.IsEmpty)
        {
            throw new InvalidOperationException("the generator emitted nothing and said nothing");
        }

        // DefaultSeverity: the test compilation makes every warning an error.
        var error = run.Result.Diagnostics.FirstOrDefault(d => d.DefaultSeverity == DiagnosticSeverity.Error);
        return (run.Sources.Count > 0, error, run.Result.Diagnostics.IsEmpty) switch
        {
            (true, null, true) => "compiled",
            (true, null, false) => "compiled, some items skipped with a warning",
            (false, null, _) => $"nothing to bind: {run.Result.Diagnostics[0].Id}",
            (_, { } e, _) => $"refused: {e.Id}",
        };
    }
}
