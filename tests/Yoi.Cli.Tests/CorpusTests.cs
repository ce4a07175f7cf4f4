namespace Yoi.Cli.Tests;

/// <summary>The corpus runner over small corpora laid out like wit-parser's tests/ui, written here.</summary>
public class CorpusTests
{
    private const string PassingCase = """
        package demo:pass;
        interface things {
          record item { id: u32, tags: list<string> }
          get: func(id: u32) -> option<item>;
        }
        world w { import things; }
        """;

    // The reference resolver's JSON for PassingCase, trimmed to what the runner compares.
    private const string PassingReference = """
        {
          "worlds": [
            { "name": "w", "imports": { "interface-0": { "interface": { "id": 0 } } }, "exports": {}, "package": 0 }
          ],
          "interfaces": [
            { "name": "things", "types": { "item": 2 }, "functions": { "get": { "name": "get", "kind": "freestanding", "params": [] } }, "package": 0 }
          ],
          "types": [
            { "name": null, "kind": { "list": "string" }, "owner": null },
            { "name": null, "kind": { "option": 2 }, "owner": null },
            { "name": "item", "kind": { "record": { "fields": [] } }, "owner": { "interface": 0 } }
          ],
          "packages": [ { "name": "demo:pass", "interfaces": { "things": 0 }, "worlds": { "w": 0 } } ]
        }
        """;

    private static void WriteCorpus(TempDirectory temp, bool failingCaseIsActuallyValid)
    {
        temp.Write("things.wit", PassingCase);
        temp.Write("things.wit.json", PassingReference);
        temp.Write("parse-fail/bad-list.wit", failingCaseIsActuallyValid
            ? "package demo:ok;\ninterface i { type x = list<u32>; }\n"
            : "package demo:bad;\ninterface i {\n  type x = list<u32\n\n  type y = u32;\n}\n");
        temp.Write("parse-fail/bad-list.wit.result", "expected '>', found keyword `type`\n     --> tests/ui/parse-fail/bad-list.wit:5:3\n");
    }

    [Fact]
    public void PassingCorpusEndsWithTotalsAndExitsZero()
    {
        using var temp = new TempDirectory();
        WriteCorpus(temp, failingCaseIsActuallyValid: false);

        var run = CliRun.Of("wit", "check", "--corpus", temp.Path);

        Assert.True(run.ExitCode == 0, run.Output);
        var lines = run.Output.TrimEnd().Split('\n');
        Assert.Equal("2 passed, 0 failed", lines[^1].TrimEnd());
        Assert.Contains("syntax errors: 1 of 1", run.Output);
    }

    [Fact]
    public void AcceptedMustFailCaseIsReportedAndFailsTheRun()
    {
        using var temp = new TempDirectory();
        WriteCorpus(temp, failingCaseIsActuallyValid: true);

        var run = CliRun.Of("wit", "check", "--corpus", temp.Path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("FAIL parse-fail/bad-list.wit: accepted", run.Output);
        Assert.EndsWith("1 passed, 1 failed", run.Output.TrimEnd());
    }

    [Fact]
    public void StructuralDifferenceIsReported()
    {
        using var temp = new TempDirectory();
        temp.Write("things.wit", PassingCase.Replace("record item { id: u32, tags: list<string> }", "record item { id: u32, tags: list<string> }\n  enum colour { red }"));
        temp.Write("things.wit.json", PassingReference);

        var run = CliRun.Of("wit", "check", "--corpus", temp.Path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("FAIL things.wit: structure differs", run.Output);
        Assert.Contains("colour:enum", run.Output);
    }

    [Fact]
    public void WasmInputsAreOutOfScope()
    {
        using var temp = new TempDirectory();
        temp.Write("binary-dep/root.wit", "package demo:root;\n");
        temp.Write("binary-dep/deps/dep.wat", "(component)");

        var run = CliRun.Of("wit", "check", "--corpus", temp.Path);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("out of scope (wasm inputs): binary-dep", run.Output);
        Assert.EndsWith("0 passed, 0 failed", run.Output.TrimEnd());
    }
}
