using System.Collections.Immutable;
using Yoi.Wit.Resolution;
using Yoi.Wit.Syntax;
using Yoi.Wit.Text;

namespace Yoi.Wit.Frontend.Tests.Properties;

/// <summary>The mutation properties start from valid WIT only if every sample is valid.</summary>
public class WitSampleTests
{
    private static readonly WitResolveOptions Options = new(ImmutableHashSet.Create("fancy"));

    [Fact]
    public void Every_single_file_sample_resolves()
    {
        foreach (var text in WitSamples.SingleFile)
        {
            var result = WitResolver.Resolve(new PackageSources("root", [new SourceFile("root/sample.wit", text)]), [], Options);
            Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics) + "\n" + text);
        }
    }

    [Fact]
    public void The_repository_package_is_copied_and_resolves()
    {
        Assert.Equal(6, WitSamples.RepoPackage.Count); // types, websocket, request, timers, service, plugin
        Assert.All(WitSamples.RepoPackage, text => Assert.True(WitParser.Parse(new SourceFile("sample.wit", text)).Succeeded));
        var files = WitSamples.RepoPackage.Select((text, i) => new SourceFile($"root/{i}.wit", text)).ToImmutableArray();
        var result = WitResolver.Resolve(new PackageSources("root", files), [], Options);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
    }
}
