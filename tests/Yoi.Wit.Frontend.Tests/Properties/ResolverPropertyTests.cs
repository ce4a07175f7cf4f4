using System.Collections.Immutable;
using CsCheck;
using Yoi.Wit.Resolution;
using Yoi.Wit.Text;

namespace Yoi.Wit.Frontend.Tests.Properties;

/// <summary>
/// The resolver takes any set of packages: it returns a model or located diagnostics, never throws, and
/// gives the same answer every time.
/// </summary>
[Collection(PropertyCollection.Name)]
public class ResolverPropertyTests
{
    private static readonly WitResolveOptions Options = new(ImmutableHashSet.Create("active"));

    /// <summary>The generated gates use the features <c>active</c> and <c>off</c>.</summary>
    private static readonly Gen<WitResolveOptions> AnyOptions = Gen.OneOf(
        Options,
        WitResolveOptions.Default,
        new WitResolveOptions(ImmutableHashSet.Create("active", "off")),
        new WitResolveOptions(ImmutableHashSet<string>.Empty, AllFeatures: true));

    [Fact]
    public void Generated_package_sets_resolve_to_a_value_with_located_diagnostics() =>
        PropertyRun.Check(Gen.Select(PackageSetGen.Any, AnyOptions), input =>
        {
            var (set, options) = input;
            var result = WitResolver.Resolve(set.RootSources, set.DepSources, options);
            DiagnosticAssert.LocatedWithin(result.Diagnostics, set.AllFiles);
            Assert.True(result.Resolve is not null || result.Diagnostics.Any(d => d.Severity == WitSeverity.Error), "no model and no error");
        }, iterations: 1000);

    [Fact]
    public void Any_single_file_resolves_to_a_value_with_located_diagnostics() =>
        PropertyRun.Check(WitTextGen.AnyText, text =>
        {
            var file = new SourceFile("root/input.wit", text);
            var result = WitResolver.Resolve(new PackageSources("root", [file]), [], Options);
            DiagnosticAssert.LocatedWithin(result.Diagnostics, [file]);
        }, iterations: 2000, print: WitTextGen.Show);

    [Fact]
    public void Resolving_is_deterministic() =>
        PropertyRun.Check(PackageSetGen.Any, set =>
        {
            var first = WitResolver.Resolve(set.RootSources, set.DepSources, Options);
            var again = WitResolver.Resolve(set.RootSources, set.DepSources, Options);
            Assert.Equal(first.Diagnostics.ToArray(), again.Diagnostics.ToArray());
            Assert.Equal(first.Resolve, again.Resolve);
        }, iterations: 400);
}
