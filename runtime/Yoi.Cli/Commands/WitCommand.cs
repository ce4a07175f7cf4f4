using System.Collections.Immutable;
using System.CommandLine;
using Yoi.Cli.Corpus;
using Yoi.Cli.Output;
using Yoi.Wit.Resolution;

namespace Yoi.Cli.Commands;

/// <summary><c>yoi wit ...</c>: inspect WIT without running anything.</summary>
public static class WitCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var wit = new Command("wit", "Check WIT packages and print what the generator makes of them.");
        wit.Subcommands.Add(CreateCheck(output, error));
        wit.Subcommands.Add(BindgenCommand.Create(output, error));
        return wit;
    }

    private static Command CreateCheck(TextWriter output, TextWriter error)
    {
        var path = new Argument<string?>("PATH")
        {
            Description = "A .wit file, or a folder whose *.wit files (including deps/) are read as the generator reads them: each folder not under deps/ is a root package.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var json = new Option<bool>("--json") { Description = "Print the summary (or errors) as JSON." };
        var corpus = new Option<string?>("--corpus")
        {
            Description = "Run a conformance corpus laid out like wit-parser's tests/ui (must-pass cases at the top, must-fail under parse-fail/).",
        };
        var features = new Option<string[]>("--features")
        {
            Description = "Enable @unstable features (comma-separated or repeated).",
            AllowMultipleArgumentsPerToken = true,
        };
        var allFeatures = new Option<bool>("--all-features") { Description = "Enable every @unstable feature." };

        var check = new Command("check", "Parse and resolve WIT; print a summary, or file:line:col errors.")
        {
            path, json, corpus, features, allFeatures,
        };

        check.SetAction(parseResult =>
        {
            var pathValue = parseResult.GetValue(path);
            var corpusValue = parseResult.GetValue(corpus);
            if ((pathValue is null) == (corpusValue is null))
            {
                error.WriteLine("yoi wit check: give either PATH or --corpus DIR (exactly one).");
                return YoiApp.UsageError;
            }

            if (corpusValue is not null)
            {
                if (!Directory.Exists(corpusValue))
                {
                    error.WriteEscapedLine($"yoi wit check: corpus directory '{corpusValue}' does not exist.");
                    return YoiApp.UsageError;
                }

                var summary = new CorpusRunner(output).Run(corpusValue);
                return summary.Failed == 0 ? YoiApp.Success : YoiApp.Failure;
            }

            var options = new WitResolveOptions(
                (parseResult.GetValue(features) ?? [])
                    .SelectMany(f => f.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    .ToImmutableHashSet(),
                parseResult.GetValue(allFeatures));
            var report = new CheckReport(pathValue!, WitInputs.Resolve(WitInputs.Read(pathValue!), options));
            if (parseResult.GetValue(json))
            {
                report.WriteJson(output);
            }
            else
            {
                report.WriteText(output, error);
            }

            return report.Succeeded ? YoiApp.Success : YoiApp.Failure;
        });

        return check;
    }
}
