using System.CommandLine;
using Yoi.Cli.Output;
using Yoi.Wit.Generator.Pipeline;
using Yoi.Wit.Generator.Spec;
using Yoi.Wit.Model;
using Yoi.Wit.Text;

namespace Yoi.Cli.Commands;

/// <summary>
/// <c>yoi wit bindgen PATH [--world W] [--namespace N]</c>: prints the C# the Roslyn generator adds to
/// a compilation whose AdditionalFiles are the <c>.wit</c> files at PATH (a file, or every
/// <c>*.wit</c> under a folder, as the package's <c>wit/**/*.wit</c> default; read by
/// <see cref="WitInputs"/>, as <c>yoi wit check</c> reads them), through the generator's
/// own pipeline (<see cref="WitBindgen"/>). Each file is preceded by a <c>// ---- HINT</c> header naming
/// the generator's hint name. Diagnostics go to stderr as <c>file:line:col: severity ID: message</c>;
/// any error exits 1.
/// </summary>
public static class BindgenCommand
{
    /// <summary>The line printed before each generated file.</summary>
    public static string Header(string hintName) => $"// ---- {hintName}";

    public static Command Create(TextWriter output, TextWriter error)
    {
        var path = new Argument<string>("PATH") { Description = "A .wit file, or a folder whose *.wit files (including deps/) are the generator's input." };
        var world = new Option<string[]>("--world")
        {
            Description = "World(s) to bind, as `name` or `ns:pkg/name[@version]` (the YoiWitWorld property); default: every world of the root package.",
            AllowMultipleArgumentsPerToken = true,
        };
        var ns = new Option<string?>("--namespace") { Description = "C# namespace for the root package (the YoiWitNamespace property)." };
        var features = new Option<string[]>("--features")
        {
            Description = "Enable @unstable features (the YoiWitFeatures property; comma-separated or repeated).",
            AllowMultipleArgumentsPerToken = true,
        };

        var bindgen = new Command("bindgen", "Print the C# the generator adds to a compilation for these WIT files.")
        {
            path, world, ns, features,
        };

        bindgen.SetAction(parseResult =>
        {
            var pathValue = parseResult.GetValue(path)!;
            if (!File.Exists(pathValue) && !Directory.Exists(pathValue))
            {
                error.WriteEscapedLine($"yoi wit bindgen: '{pathValue}' is neither a .wit file nor a folder.");
                return YoiApp.UsageError;
            }

            var options = new GeneratorOptions(
                Split(parseResult.GetValue(world)),
                string.IsNullOrWhiteSpace(parseResult.GetValue(ns)) ? null : parseResult.GetValue(ns)!.Trim(),
                Split(parseResult.GetValue(features)));
            var input = WitInputs.Read(pathValue);
            if (input.Problems.Length > 0)
            {
                return YoiApp.Fail(error, input.Problems.Select(p => p.ToString()));
            }

            var result = WitBindgen.Run(input.Files, options);
            foreach (var d in result.Diagnostics)
            {
                error.WriteEscapedLine(new WitDiagnostic(d.Id, d.Severity, d.Message, d.Location).ToString());
            }

            if (result.HasErrors)
            {
                return YoiApp.Failure;
            }

            foreach (var file in result.Files)
            {
                output.Write(Header(file.HintName) + "\n");
                output.Write(file.Text);
            }

            return YoiApp.Success;
        });

        return bindgen;
    }

    private static EquatableArray<string> Split(string[]? values) =>
        (values ?? [])
            .SelectMany(v => v.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .ToEquatableArray();
}
