using System.CommandLine;

namespace Yoi.Cli.Commands;

/// <summary><c>yoi plugin ...</c>: inspect plugins, their permissions and grants; run plugins and serve services.</summary>
public static class PluginCommand
{
    /// <param name="stop">What stops <c>plugin serve</c> in-process; null for SIGINT and SIGTERM.</param>
    public static Command Create(TextWriter output, TextWriter error, CancellationToken? stop = null)
    {
        var plugin = new Command("plugin", "Inspect, run and serve plugins.");
        plugin.Subcommands.Add(ShowCommand.Create(output, error));
        plugin.Subcommands.Add(ExplainCommand.Create(output, error));
        plugin.Subcommands.Add(RunCommand.Create(output, error));
        plugin.Subcommands.Add(ServeCommand.Create(output, error, stop));
        return plugin;
    }
}
