using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Yoi.Wit.Generator.Tests.Infrastructure;

namespace Yoi.Wit.Generator.Tests;

public sealed class CacheTests
{
    private static readonly string[] TrackedSteps =
    {
        WitGenerator.Steps.WitFiles, WitGenerator.Steps.Options, WitGenerator.Steps.Packages,
        WitGenerator.Steps.Resolved, WitGenerator.Steps.Model, WitGenerator.Steps.Units, WitGenerator.Steps.Diagnostics,
    };

    /// <summary>A front end whose model depends on the text: the host interface's docs are host.wit's text.</summary>
    private static GeneratorDriver Driver(out TestAdditionalText host, string hostText = "v1")
    {
        var frontEnd = GeneratorHarness.FrontEnd(root =>
            Models.Everything(hostDocs: root.Files.Single(f => f.Path.EndsWith("host.wit", StringComparison.Ordinal)).Text));
        host = new TestAdditionalText("/src/wit/host.wit", hostText);
        var others = new TestAdditionalText("/src/wit/everything.wit", "world");
        return GeneratorHarness.CreateDriver(frontEnd, new AdditionalText[] { others, host });
    }

    [Fact]
    public void An_unrelated_csharp_edit_leaves_every_step_cached()
    {
        var driver = Driver(out _);
        var compilation = GeneratorHarness.Compilation("namespace App { class A { } }");
        driver = driver.RunGenerators(compilation);

        var edited = compilation.ReplaceSyntaxTree(
            compilation.SyntaxTrees.First(),
            CSharpSyntaxTree.ParseText("namespace App { class A { int x; } class B { } }", GeneratorHarness.ParseOptions));
        driver = driver.RunGenerators(edited);
        var run = driver.GetRunResult().Results.Single();

        foreach (var step in TrackedSteps)
        {
            // A step with no items this run (Diagnostics, for a clean model) records nothing.
            Assert.True(run.TrackedSteps.ContainsKey(step) || step == WitGenerator.Steps.Diagnostics, $"step {step} is not tracked");
            if (!run.TrackedSteps.ContainsKey(step))
            {
                continue;
            }

            foreach (var output in run.TrackedSteps[step].SelectMany(s => s.Outputs))
            {
                Assert.True(
                    output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                    $"step {step} re-ran: {output.Reason}");
            }
        }

        Assert.All(run.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
            o => Assert.True(o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"output re-ran: {o.Reason}"));
    }

    [Fact]
    public void A_wit_edit_regenerates_only_the_affected_unit()
    {
        var driver = Driver(out var host);
        var compilation = GeneratorHarness.Compilation("namespace App { class A { } }");
        driver = driver.RunGenerators(compilation);
        var before = driver.GetRunResult().Results.Single().GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());

        driver = driver.ReplaceAdditionalText(host, new TestAdditionalText(host.Path, "v2: the host docs changed"));
        driver = driver.RunGenerators(compilation);
        var run = driver.GetRunResult().Results.Single();

        var units = run.TrackedSteps[WitGenerator.Steps.Units].SelectMany(s => s.Outputs).ToList();
        var modified = units.Where(o => o.Reason == IncrementalStepRunReason.Modified).Select(o => ((Spec.UnitSpec)o.Value).HintName).ToList();
        Assert.Equal(new[] { "Test.Everything.Host.g.cs" }, modified);
        Assert.All(units.Where(o => o.Reason != IncrementalStepRunReason.Modified), o => Assert.Equal(IncrementalStepRunReason.Unchanged, o.Reason));

        var after = run.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString());
        Assert.Equal(before.Keys.OrderBy(k => k), after.Keys.OrderBy(k => k));
        Assert.Contains("v2: the host docs changed", after["Test.Everything.Host.g.cs"]);
        foreach (var key in before.Keys.Where(k => k != "Test.Everything.Host.g.cs"))
        {
            Assert.Equal(before[key], after[key]);
        }
    }

    [Fact]
    public void Changing_the_world_option_reruns_from_the_options_step()
    {
        var driver = Driver(out _);
        var compilation = GeneratorHarness.Compilation("namespace App { class A { } }");
        driver = driver.RunGenerators(compilation);
        driver = driver.WithUpdatedAnalyzerConfigOptions(new TestOptionsProvider(new Dictionary<string, string> { ["build_property.YoiWitNamespace"] = "Other" }));
        driver = driver.RunGenerators(compilation);
        var run = driver.GetRunResult().Results.Single();
        Assert.Contains(run.TrackedSteps[WitGenerator.Steps.Options].SelectMany(s => s.Outputs), o => o.Reason == IncrementalStepRunReason.Modified);
        Assert.All(run.GeneratedSources, s => Assert.StartsWith("Other.", s.HintName));
    }
}
