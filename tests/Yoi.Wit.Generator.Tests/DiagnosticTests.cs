using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Yoi.Wit.Generator.Tests.Infrastructure;
using Yoi.Wit.Resolution;
using Yoi.Wit.Text;

namespace Yoi.Wit.Generator.Tests;

public sealed class DiagnosticTests
{
    [Theory]
    [InlineData(WitDiagnosticIds.UnsupportedResource, "resource", "resource `blob`")]
    [InlineData(WitDiagnosticIds.UnsupportedResource, "handle", "`own<blob>`")]
    [InlineData(WitDiagnosticIds.UnsupportedMap, "map", "`map`")]
    [InlineData(WitDiagnosticIds.UnsupportedFuture, "future", "`future`")]
    [InlineData(WitDiagnosticIds.UnsupportedStream, "stream", "`stream`")]
    [InlineData(WitDiagnosticIds.UnsupportedErrorContext, "error-context", "`error-context`")]
    [InlineData(WitDiagnosticIds.UnsupportedAsync, "async", "async functions")]
    [InlineData(WitDiagnosticIds.UnsupportedFixedList, "fixed-list", "fixed-size list")]
    public void Unsupported_construct_is_reported_at_its_wit_location(string id, string construct, string named)
    {
        var (model, lines) = Models.Unsupported();
        var (result, _, _) = GeneratorHarness.Run(model);
        var line = lines[construct];
        var matches = result.Diagnostics
            .Where(d => d.Id == id && d.Location.GetLineSpan().StartLinePosition.Line == line - 1)
            .ToList();
        var d = Assert.Single(matches);
        Assert.Equal(DiagnosticSeverity.Warning, d.DefaultSeverity);
        Assert.Equal(Models.UnsupportedPath, d.Location.GetLineSpan().Path);
        Assert.Equal(2, d.Location.GetLineSpan().StartLinePosition.Character); // column 3, 0-based
        Assert.Contains(named, d.GetMessage());
        Assert.Contains("not generated", d.GetMessage());
    }

    [Fact]
    public void Unsupported_items_are_skipped_and_the_rest_is_generated()
    {
        var (model, _) = Models.Unsupported();
        var (result, output, _) = GeneratorHarness.Run(model);
        var host = output.GetTypeByMetadataName("Test.Unsupported.Things.IThingsHost");
        Assert.NotNull(host);
        Assert.Equal(new[] { "Ping" }, host!.GetMembers().Select(m => m.Name).ToArray());
        Assert.Null(output.GetTypeByMetadataName("Test.Unsupported.Things.Chunked"));
        Assert.Equal(8, result.Diagnostics.Length); // one per construct, none for the resource's method
    }

    [Fact]
    public void Nested_unsupported_types_name_the_inner_construct_and_its_location()
    {
        var (model, _) = Models.Unsupported();
        var (result, _, _) = GeneratorHarness.Run(model);
        var stream = result.Diagnostics.Single(d => d.Id == WitDiagnosticIds.UnsupportedStream);
        Assert.Contains("record `chunked`", stream.GetMessage());
        Assert.Contains($"{Models.UnsupportedPath}:50:20", stream.GetMessage());
    }

    [Fact]
    public void Front_end_errors_become_compiler_errors_at_the_wit_location()
    {
        var location = new SourceLocation("/src/wit/bad.wit", 4, 7, 4, 12);
        Yoi.Wit.Generator.Pipeline.WitFrontEnd failing = (root, deps, options) =>
            new ResolveResult(null, ImmutableArray.Create(WitDiagnostic.Error(WitDiagnosticIds.Undefined, "type `missing` is not defined", location)));
        var driver = GeneratorHarness.CreateDriver(failing, new[] { new TestAdditionalText("/src/wit/bad.wit", "bad") });
        driver = driver.RunGenerators(GeneratorHarness.Compilation("class C { }"));
        var d = Assert.Single(driver.GetRunResult().Diagnostics);
        Assert.Equal("YOIWIT003", d.Id);
        Assert.Equal(DiagnosticSeverity.Error, d.DefaultSeverity);
        var span = d.Location.GetLineSpan();
        Assert.Equal("/src/wit/bad.wit", span.Path);
        Assert.Equal(3, span.StartLinePosition.Line);
        Assert.Equal(6, span.StartLinePosition.Character);
        Assert.Equal("type `missing` is not defined", d.GetMessage());
        Assert.Empty(driver.GetRunResult().Results.Single().GeneratedSources);
    }

    [Fact]
    public void A_front_end_crash_is_YOIWIT199_not_a_generator_exception()
    {
        Yoi.Wit.Generator.Pipeline.WitFrontEnd crashing = (root, deps, options) => throw new InvalidOperationException("boom");
        var driver = GeneratorHarness.CreateDriver(crashing, new[] { new TestAdditionalText("/src/wit/a.wit", "x") });
        driver = driver.RunGenerators(GeneratorHarness.Compilation("class C { }"));
        var run = driver.GetRunResult();
        Assert.Null(run.Results.Single().Exception);
        var d = Assert.Single(run.Diagnostics);
        Assert.Equal(WitDiagnosticIds.GeneratorFailure, d.Id);
        Assert.Contains("boom", d.GetMessage());
        Assert.Equal("/src/wit/a.wit", d.Location.GetLineSpan().Path);
    }

    [Fact]
    public void Files_are_grouped_into_a_root_package_and_its_deps()
    {
        PackageSources? seenRoot = null;
        ImmutableArray<PackageSources> seenDeps = default;
        Yoi.Wit.Generator.Pipeline.WitFrontEnd spy = (root, deps, options) =>
        {
            seenRoot = root;
            seenDeps = deps;
            return new ResolveResult(Models.HostContract(), ImmutableArray<WitDiagnostic>.Empty);
        };
        var files = new[]
        {
            new TestAdditionalText("/p/deps/x/wit/b.wit", "root b (a folder under some deps/ that is not a wit package's)"),
            new TestAdditionalText("/p/deps/x/wit/a.wit", "root a"),
            new TestAdditionalText("/p/deps/x/wit/deps/io/streams.wit", "dep io"),
            new TestAdditionalText("/p/deps/x/wit/deps/io/poll.wit", "dep io"),
            new TestAdditionalText("/p/deps/x/wit/deps/cli.wit", "dep cli"),
        };
        var driver = GeneratorHarness.CreateDriver(spy, files);
        driver.RunGenerators(GeneratorHarness.Compilation("class C { }"));
        Assert.NotNull(seenRoot);
        Assert.Equal("/p/deps/x/wit", seenRoot!.Root);
        Assert.Equal(new[] { "/p/deps/x/wit/a.wit", "/p/deps/x/wit/b.wit" }, seenRoot.Files.Select(f => f.Path));
        Assert.Equal(new[] { "/p/deps/x/wit/deps/cli.wit", "/p/deps/x/wit/deps/io" }, seenDeps.Select(d => d.Root));
        Assert.Equal(2, seenDeps[1].Files.Length);
    }
}
