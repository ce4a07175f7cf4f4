using Microsoft.CodeAnalysis;
using Yoi.Wit.Generator.Tests.Infrastructure;
using Yoi.Wit.Text;

namespace Yoi.Wit.Generator.Tests;

/// <summary>The generator with the real parser and resolver, from WIT text.</summary>
public sealed class EndToEndTests
{
    private static (GeneratorDriverRunResult Result, Compilation Output) Run(IReadOnlyDictionary<string, string>? properties, params (string Path, string Text)[] files)
    {
        GeneratorDriver driver = Microsoft.CodeAnalysis.CSharp.CSharpGeneratorDriver.Create(
            new[] { new WitGenerator().AsSourceGenerator() },
            files.Select(f => (AdditionalText)new TestAdditionalText(f.Path, f.Text)),
            GeneratorHarness.ParseOptions,
            new TestOptionsProvider(properties ?? new Dictionary<string, string>()));
        driver = driver.RunGeneratorsAndUpdateCompilation(GeneratorHarness.Compilation("namespace App { internal static class P { } }"), out var output, out _);
        return (driver.GetRunResult(), output);
    }

    private static string RepoWit() => Path.GetFullPath(Path.Combine(GeneratorHarness.ProjectDirectory(), "..", "..", "wit"));

    [Fact]
    public void The_yoi_host_contract_generates_and_compiles()
    {
        var files = Directory.GetFiles(RepoWit(), "*.wit").Select(p => (p.Replace('\\', '/'), File.ReadAllText(p))).ToArray();
        var (result, output) = Run(null, files);
        Assert.Empty(result.Diagnostics);
        var hints = result.Results.Single().GeneratedSources.Select(s => s.HintName).OrderBy(h => h).ToArray();
        Assert.Equal(new[] { "Yoi.Host.Plugin.g.cs", "Yoi.Host.Request.g.cs", "Yoi.Host.Service.g.cs", "Yoi.Host.ServiceTypes.g.cs", "Yoi.Host.Timers.g.cs", "Yoi.Host.Types.g.cs", "Yoi.Host.Websocket.g.cs" }, hints);
        var problems = output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems.Select(d => d.ToString())));
        Assert.NotNull(output.GetTypeByMetadataName("Yoi.Host.Websocket.IWebsocketHost"));
        Assert.NotNull(output.GetTypeByMetadataName("Yoi.Host.Types.HostError"));
        Assert.NotNull(output.GetTypeByMetadataName("Yoi.Host.Timers.ITimersHost"));
        Assert.NotNull(output.GetTypeByMetadataName("Yoi.Host.Service"));

        // The snapshot of the real contract: what the runtime implements.
        var failures = new List<string>();
        foreach (var source in result.Results.Single().GeneratedSources)
        {
            try
            {
                SnapshotAssert.Matches("YoiHostWit." + source.HintName.Replace(".g.cs", ""), source.SourceText.ToString());
            }
            catch (Xunit.Sdk.XunitException ex)
            {
                failures.Add(ex.Message);
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void Wit_docs_become_xml_docs()
    {
        var files = Directory.GetFiles(RepoWit(), "*.wit").Select(p => (p.Replace('\\', '/'), File.ReadAllText(p))).ToArray();
        var (result, _) = Run(null, files);
        var request = result.Results.Single().GeneratedSources.Single(s => s.HintName == "Yoi.Host.Request.g.cs").SourceText.ToString();
        Assert.Contains("/// Sends the request and reads the whole response.", request);
        Assert.Contains("/// <param name=\"Method\">An HTTP method token, e.g. `GET`; it must be allowed by the manifest and the grant.</param>", request);
    }

    [Fact]
    public void A_syntax_error_is_reported_in_the_wit_file()
    {
        const string text = "package a:b;\n\ninterface i {\n  f: func(x: u32 -> u32;\n}\n";
        var (result, _) = Run(null, ("/w/wit/a.wit", text));
        var d = Assert.Single(result.Diagnostics);
        Assert.StartsWith("YOIWIT00", d.Id);
        Assert.Equal(DiagnosticSeverity.Error, d.DefaultSeverity);
        var span = d.Location.GetLineSpan();
        Assert.Equal("/w/wit/a.wit", span.Path);
        Assert.Equal(3, span.StartLinePosition.Line);
    }

    [Fact]
    public void An_undefined_type_is_reported_in_the_wit_file()
    {
        const string text = "package a:b;\n\ninterface i {\n  f: func(x: missing);\n}\n\nworld w { import i; }\n";
        var (result, _) = Run(null, ("/w/wit/a.wit", text));
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(WitDiagnosticIds.Undefined, d.Id);
        Assert.Equal(3, d.Location.GetLineSpan().StartLinePosition.Line);
        Assert.Empty(result.Results.Single().GeneratedSources);
    }

    [Fact]
    public void Unsupported_constructs_from_wit_text_are_reported_with_their_location()
    {
        const string text = """
            package a:b;

            interface i {
              resource blob {
                size: func() -> u32;
              }
              chunks: func() -> stream<u8>;
              ping: func() -> u32;
            }

            world w { import i; }
            """;
        var (result, output) = Run(null, ("/w/wit/a.wit", text.Replace("\r\n", "\n")));
        var ids = result.Diagnostics.Select(d => (d.Id, d.Location.GetLineSpan().StartLinePosition.Line + 1)).OrderBy(x => x.Item2).ToArray();
        Assert.Equal(new[] { (WitDiagnosticIds.UnsupportedResource, 4), (WitDiagnosticIds.UnsupportedStream, 7) }, ids);
        Assert.Empty(output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning));
        Assert.NotNull(output.GetTypeByMetadataName("A.B.I.IIHost"));
    }
}
