using System.CommandLine;

namespace Yoi.Cli.Commands;

/// <summary><c>yoi plugin ...</c>: inspect plugins, their permissions and grants.</summary>
public static class PluginCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var plugin = new Command("plugin", "Inspect plugin permissions and grants.");
        plugin.Subcommands.Add(ShowCommand.Create(output, error));
        plugin.Subcommands.Add(ExplainCommand.Create(output, error));
        plugin.Subcommands.Add(RunCommand.Create(output, error));
        return plugin;
    }
}
