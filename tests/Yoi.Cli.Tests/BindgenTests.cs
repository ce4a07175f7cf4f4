using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Yoi.Cli.Commands;
using Yoi.Wit.Generator;

namespace Yoi.Cli.Tests;

/// <summary><c>yoi wit bindgen</c> prints exactly what the Roslyn generator adds to a compilation.</summary>
public class BindgenTests
{
    private const string Package = """
        package demo:shapes@1.2.0;

        interface geometry {
          use units.{unit};
          /// A point on the plane.
          record point { x: f64, y: f64 }
          variant shape { circle(f64), polygon(list<point>), empty }
          flags style { bold, dashed }
          area: func(s: shape, u: unit) -> result<f64, string>;
          label: func(p: option<point>, tags: list<tuple<string, u8>>) -> string;
        }

        world app {
          import geometry;
          export run: func(input: string) -> result<string, string>;
        }

        world other {
          export ping: func() -> bool;
        }
        """;

    private const string Units = """
        package demo:shapes@1.2.0;

        interface units {
          enum unit { metres, feet }
        }
        """;

    private const string Dep = """
        package demo:extra@0.1.0;

        interface clock {
          now: func() -> u64;
        }
        """;

    [Theory]
    [InlineData(null, null)]
    [InlineData("app", null)]
    [InlineData("demo:shapes/other@1.2.0", "My.Shapes")]
    public void Output_equals_what_the_generator_adds_to_a_compilation(string? world, string? ns)
    {
        using var temp = new TempDirectory();
        temp.Write("wit/shapes.wit", Package);
        temp.Write("wit/units.wit", Units);
        temp.Write("wit/deps/extra/clock.wit", Dep);
        var args = new List<string> { "wit", "bindgen", Path.Combine(temp.Path, "wit") };
        var properties = new Dictionary<string, string>();
        if (world is not null)
        {
            args.AddRange(["--world", world]);
            properties["build_property.YoiWitWorld"] = world;
        }

        if (ns is not null)
        {
            args.AddRange(["--namespace", ns]);
            properties["build_property.YoiWitNamespace"] = ns;
        }

        var run = CliRun.Of(args.ToArray());
        Assert.Equal("", run.Error);
        Assert.Equal(0, run.ExitCode);

        var expected = Generate(WitInputs.Read(Path.Combine(temp.Path, "wit")).Files.Select(f => (f.Path, f.Text)), properties);
        Assert.Empty(expected.Diagnostics);
        Assert.NotEmpty(expected.Sources);
        var printed = string.Concat(expected.Sources.Select(s => BindgenCommand.Header(s.HintName) + "\n" + s.Text));
        Assert.Equal(printed, run.Output);
    }

    [Fact]
    public void Single_file_path_binds_that_file()
    {
        using var temp = new TempDirectory();
        var file = temp.Write("one.wit", Units.Replace("interface units", "world w { import units; }\ninterface units"));
        var run = CliRun.Of("wit", "bindgen", file);
        Assert.Equal(0, run.ExitCode);
        var expected = Generate([(file.Replace('\\', '/'), File.ReadAllText(file))], new Dictionary<string, string>());
        Assert.Equal(string.Concat(expected.Sources.Select(s => BindgenCommand.Header(s.HintName) + "\n" + s.Text)), run.Output);
        Assert.Contains("// ---- Demo.Shapes.Units.g.cs\n", run.Output);
        Assert.Contains("public enum Unit", run.Output);
    }

    [Fact]
    public void Syntax_error_is_located_and_exits_one()
    {
        using var temp = new TempDirectory();
        var file = temp.Write("bad.wit", "package demo:bad;\n\ninterface i {\n  f: func(a: ) -> u32;\n}\n");
        var run = CliRun.Of("wit", "bindgen", file);
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Output);
        Assert.Matches(@"bad\.wit:4:\d+: error YOIWIT002: ", run.Error);
    }

    [Fact]
    public void Unknown_world_is_a_located_error()
    {
        using var temp = new TempDirectory();
        var file = temp.Write("p.wit", "package demo:p;\n\nworld real {\n  export f: func();\n}\n");
        var run = CliRun.Of("wit", "bindgen", file, "--world", "missing");
        Assert.Equal(1, run.ExitCode);
        Assert.Matches(@"p\.wit:1:\d+: error YOIWIT100: YoiWitWorld names world `missing`, which is not defined \(worlds of the root package: real\)", run.Error);
    }

    [Fact]
    public void Missing_path_is_a_usage_error()
    {
        var run = CliRun.Of("wit", "bindgen", "/definitely/not/here.wit");
        Assert.Equal(2, run.ExitCode);
    }

    /// <summary>Runs the generator the way the compiler does and returns its sources and diagnostics.</summary>
    private static (ImmutableArray<(string HintName, string Text)> Sources, ImmutableArray<Diagnostic> Diagnostics) Generate(
        IEnumerable<(string Path, string Text)> files, IReadOnlyDictionary<string, string> properties)
    {
        GeneratorDriver driver = CSharpGeneratorDriver.Create(
            [new WitGenerator().AsSourceGenerator()],
            files.Select(f => (AdditionalText)new Text(f.Path, f.Text)),
            CSharpParseOptions.Default,
            new OptionsProvider(properties));
        driver = driver.RunGenerators(CSharpCompilation.Create("App"));
        var result = driver.GetRunResult().Results.Single();
        return (result.GeneratedSources.Select(s => (s.HintName, s.SourceText.ToString())).ToImmutableArray(), result.Diagnostics);
    }

    private sealed class Text(string path, string text) : AdditionalText
    {
        public override string Path { get; } = path;

        public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
    }

    private sealed class OptionsProvider(IReadOnlyDictionary<string, string> global) : AnalyzerConfigOptionsProvider
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
}
