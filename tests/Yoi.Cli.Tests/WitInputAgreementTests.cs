using System.Text.RegularExpressions;

namespace Yoi.Cli.Tests;

/// <summary>
/// <c>yoi wit check DIR</c> and <c>yoi wit bindgen DIR</c> read the same packages from a folder: the ones
/// the generator binds when the folder's <c>.wit</c> files are a project's AdditionalFiles.
/// </summary>
public partial class WitInputAgreementTests
{
    private const string Valid = "package demo:p;\n\ninterface i { f: func() -> u32; }\n\nworld a { import i; }\n";

    [Fact]
    public void A_nested_folder_is_a_second_root_package_for_both_commands()
    {
        using var temp = new TempDirectory();
        temp.Write("wit/p.wit", Valid);
        var bad = temp.Write("wit/extra/q.wit", "package demo:q;\n\nworld b { export f: func() -> missing; }\n");

        var (check, bindgen) = Both(Path.Combine(temp.Path, "wit"));

        Assert.Equal(1, check.ExitCode);
        Assert.Equal(1, bindgen.ExitCode);
        Assert.Contains($"{bad}:3:", check.Error);
        Assert.Equal(ErrorLines(bindgen.Error), ErrorLines(check.Error));
    }

    [Fact]
    public void A_folder_whose_wit_files_are_in_a_subfolder_checks_as_it_binds()
    {
        using var temp = new TempDirectory();
        temp.Write("wit/sub/p.wit", Valid);

        var (check, bindgen) = Both(Path.Combine(temp.Path, "wit"));

        Assert.True(check.ExitCode == 0, check.Output + check.Error);
        Assert.Equal(0, bindgen.ExitCode);
        Assert.Contains("package demo:p", check.Output);
        Assert.Contains("world a: 1 import, 0 exports", check.Output);
    }

    [Fact]
    public void Two_root_packages_are_both_summarised()
    {
        using var temp = new TempDirectory();
        temp.Write("wit/p.wit", Valid);
        temp.Write("wit/extra/q.wit", "package demo:q;\n\nworld b { export f: func(); }\n");

        var (check, bindgen) = Both(Path.Combine(temp.Path, "wit"));

        Assert.Equal(0, check.ExitCode);
        Assert.Equal(0, bindgen.ExitCode);
        Assert.Contains("package demo:p\n", check.Output.ReplaceLineEndings("\n"));
        Assert.Contains("package demo:q\n", check.Output.ReplaceLineEndings("\n"));
        Assert.Contains(": ok: 2 packages, 1 interface, 2 worlds", check.Output);
        Assert.Contains("// ---- Demo.Q.B.g.cs", bindgen.Output);
    }

    [Fact]
    public void Folders_nested_inside_a_dependency_are_ignored_by_both()
    {
        using var temp = new TempDirectory();
        temp.Write("wit/p.wit", Valid.Replace("world a { import i; }", "world a { import i; import demo:d/j; }"));
        temp.Write("wit/deps/d/j.wit", "package demo:d;\n\ninterface j { g: func(); }\n");
        temp.Write("wit/deps/d/nested/broken.wit", "this is not WIT");

        var (check, bindgen) = Both(Path.Combine(temp.Path, "wit"));

        Assert.True(check.ExitCode == 0, check.Output + check.Error);
        Assert.True(bindgen.ExitCode == 0, bindgen.Error);
        Assert.Contains("package demo:d (dependency)", check.Output);
    }

    [Fact]
    public void A_folder_without_wit_files_is_an_error_for_both()
    {
        using var temp = new TempDirectory();
        temp.Write("wit/readme.txt", "nothing here");

        var (check, bindgen) = Both(Path.Combine(temp.Path, "wit"));

        Assert.Equal(1, check.ExitCode);
        Assert.Equal(1, bindgen.ExitCode);
        Assert.Contains("no .wit files", check.Error);
        Assert.Contains("no .wit files", bindgen.Error);
    }

    private static (CliRun Check, CliRun Bindgen) Both(string path) =>
        (CliRun.Of("wit", "check", path), CliRun.Of("wit", "bindgen", path));

    /// <summary>The <c>file:line:col: error ID: message</c> lines of a command's stderr, in order.</summary>
    private static string[] ErrorLines(string stderr) =>
        stderr.ReplaceLineEndings("\n").Split('\n').Where(l => ErrorLine().IsMatch(l)).ToArray();

    [GeneratedRegex(@":\d+:\d+: error YOIWIT\d+: ")]
    private static partial Regex ErrorLine();
}
