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

    /// <summary>Runs the command line as the <c>yoi</c> process does: <c>plugin serve</c> stops on SIGINT or SIGTERM.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error) => Run(args, output, error, stop: null);

    /// <summary>
    /// Runs the command line in-process: <paramref name="stop"/> (when given) is what stops
    /// <c>plugin serve</c>, and no signal handler is installed.
    /// </summary>
    public static int Run(string[] args, TextWriter output, TextWriter error, CancellationToken? stop)
    {
        var root = new RootCommand("Yoi.Wit: typed WIT bindings and a safe host for WebAssembly component plugins.");
        root.Subcommands.Add(WitCommand.Create(output, error));
        root.Subcommands.Add(PluginCommand.Create(output, error, stop));

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

        // Signals are the commands' own business (StopSignal), never a forced exit after a timeout.
        return parseResult.Invoke(new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null });
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
