using System.CommandLine;
using Yoi.Cli.Commands;
using Yoi.Cli.Output;

namespace Yoi.Cli;

/// <summary>The <c>yoi</c> command tree. Exit codes: 0 success, 1 the input is invalid or denied, 2 usage errors.</summary>
public static class YoiApp
{
    public const int Success = 0;
    public const int Failure = 1;
    public const int UsageError = 2;

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("Yoi.Wit: typed WIT bindings and a safe host for WebAssembly component plugins.");
        root.Subcommands.Add(WitCommand.Create(output, error));
        root.Subcommands.Add(PluginCommand.Create(output, error));

        // Arguments are taken literally: "@file" is text (a URL, a path), never a response file to expand.
        var parseResult = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parseResult.Errors.Count > 0)
        {
            foreach (var parseError in parseResult.Errors)
            {
                error.WriteEscapedLine($"yoi: {parseError.Message}");
            }

            error.WriteLine("Run 'yoi --help' for usage.");
            return UsageError;
        }

        return parseResult.Invoke(new InvocationConfiguration { Output = output, Error = error });
    }

    /// <summary>Prints each problem (already <c>file:line:col: ...</c> where it has a place), escaped, and returns <see cref="Failure"/>.</summary>
    public static int Fail(TextWriter error, IEnumerable<string> problems)
    {
        foreach (var problem in problems)
        {
            error.WriteEscapedLine(problem);
        }

        return Failure;
    }
}
