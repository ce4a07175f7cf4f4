using System.Collections.Immutable;
using Yoi.Wit.Benchmarks;
using Yoi.Wit.Resolution;
using Yoi.Wit.Text;

namespace Yoi.Wit.Frontend.Tests;

/// <summary>The benchmark's WASI-sized package resolves, and to the shape it was written to have.</summary>
public class WasiSizedPackageTests
{
    [Fact]
    public void ResolvesWithEveryInterfaceAndWorld()
    {
        var text = WasiSizedPackage.Write(interfaceCount: 60);
        var source = new SourceFile("wasi-sized.wit", text);

        var result = WitResolver.Resolve(new PackageSources("wasi-sized", [source]), ImmutableArray<PackageSources>.Empty, WitResolveOptions.Default);

        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        Assert.True(text.Split('\n').Length > 3000, "the benchmark package should be WASI-sized (a few thousand lines)");
        var resolve = result.Resolve!;
        Assert.Equal(60, resolve.Interfaces.Count);
        Assert.Equal(6, resolve.Worlds.Count);
        // The last world includes every earlier one, so it imports all 60 interfaces.
        Assert.Equal(60, resolve.Worlds[^1].Imports.Count);
    }
}
