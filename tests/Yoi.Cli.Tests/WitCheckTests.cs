using System.Text.Json;

namespace Yoi.Cli.Tests;

public class WitCheckTests
{
    private const string ValidPackage = """
        package demo:shapes@1.2.0;

        interface geometry {
          record point { x: f64, y: f64 }
          enum unit { metres, feet }
          area: func(corners: list<point>) -> f64;
          describe: func(p: point, u: unit) -> string;
        }

        world app {
          import geometry;
          export run: func(input: string) -> result<string, string>;
        }
        """;

    [Fact]
    public void ValidFilePrintsSummaryAndExitsZero()
    {
        using var temp = new TempDirectory();
        var file = temp.Write("shapes.wit", ValidPackage);

        var run = CliRun.Of("wit", "check", file);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("package demo:shapes@1.2.0", run.Output);
        Assert.Contains("interface geometry: 2 types, 2 functions", run.Output);
        Assert.Contains("world app: 1 import, 1 export", run.Output);
        Assert.Contains("1 package, 1 interface, 1 world", run.Output);
        Assert.Equal("", run.Error);
    }

    [Fact]
    public void InvalidFilePrintsLocatedErrorAndExitsOne()
    {
        using var temp = new TempDirectory();
        var file = temp.Write("bad.wit", "package demo:bad;\n\ninterface i {\n  f: func() -> missing;\n}\n");

        var run = CliRun.Of("wit", "check", file);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"{file}:4:", run.Error);
        Assert.Contains("missing", run.Error);
    }

    [Fact]
    public void JsonSummaryIsMachineReadable()
    {
        using var temp = new TempDirectory();
        var file = temp.Write("shapes.wit", ValidPackage);

        var run = CliRun.Of("wit", "check", file, "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var root = json.RootElement;
        Assert.True(root.GetProperty("valid").GetBoolean());
        var package = Assert.Single(root.GetProperty("packages").EnumerateArray());
        Assert.Equal("demo:shapes@1.2.0", package.GetProperty("name").GetString());
        var geometry = Assert.Single(package.GetProperty("interfaces").EnumerateArray());
        Assert.Equal(["point:record", "unit:enum"], geometry.GetProperty("types").EnumerateArray()
            .Select(t => $"{t.GetProperty("name").GetString()}:{t.GetProperty("kind").GetString()}").Order().ToArray());
        Assert.Equal(2, root.GetProperty("totals").GetProperty("types").GetInt32());
    }

    [Fact]
    public void JsonErrorsCarryLineAndColumn()
    {
        using var temp = new TempDirectory();
        var file = temp.Write("bad.wit", "package demo:bad;\ninterface i {\n  type x = list<u32\n  type y = u32;\n}\n");

        var run = CliRun.Of("wit", "check", file, "--json");

        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(run.Output);
        var diagnostic = json.RootElement.GetProperty("diagnostics").EnumerateArray().First();
        Assert.Equal(4, diagnostic.GetProperty("line").GetInt32());
        Assert.Equal(3, diagnostic.GetProperty("column").GetInt32());
        Assert.StartsWith("YOIWIT", diagnostic.GetProperty("id").GetString());
    }

    [Fact]
    public void MissingPathIsAnErrorValueNotACrash()
    {
        var run = CliRun.Of("wit", "check", "/nonexistent/yoi/path.wit");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("/nonexistent/yoi/path.wit", run.Error);
    }

    [Theory]
    [InlineData]
    [InlineData("wit", "check")]
    [InlineData("wit", "check", "a.wit", "--corpus", "dir")]
    [InlineData("wit", "check", "a.wit", "--no-such-option")]
    public void UsageErrorsExitTwo(params string[] args)
    {
        var run = CliRun.Of(args);

        Assert.Equal(2, run.ExitCode);
    }

    [Fact]
    public void TheRepositoryContractChecks()
    {
        var wit = Path.Combine(RepositoryRoot.Find(), "wit");

        var run = CliRun.Of("wit", "check", wit);

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        Assert.Contains("package yoi:host@1.0.0", run.Output);
        Assert.Contains("interface websocket", run.Output);
        Assert.Contains("world plugin", run.Output);
    }
}
