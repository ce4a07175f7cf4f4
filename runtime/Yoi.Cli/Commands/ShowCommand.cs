using System.CommandLine;
using Yoi.Cli.Output;
using Yoi.Runtime.Manifest;
using Yoi.Runtime.Plugins;

namespace Yoi.Cli.Commands;

/// <summary>
/// <c>yoi plugin show DIR [--grants FILE] [--json]</c>: what a plugin requests per host API, what the
/// user granted, what is covered, partially covered, missing, broad or grant-only. Runs nothing.
/// </summary>
public static class ShowCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var directory = new Argument<string>("DIR") { Description = "The plugin directory (plugin.toml and its component)." };
        var grants = new Option<string?>("--grants") { Description = "The user's grants file; without it only the requests are shown." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };

        var show = new Command("show", "Show a plugin's requested, granted, missing and broad permissions.")
        {
            directory, grants, json,
        };

        show.SetAction(parseResult =>
        {
            var loaded = PluginDirectory.Load(parseResult.GetValue(directory)!);
            if (!loaded.TryGetValue(out var plugin, out var loadErrors))
            {
                return YoiApp.Fail(error, loadErrors);
            }

            GrantsFile? grantsFile = null;
            if (parseResult.GetValue(grants) is { } grantsPath)
            {
                if (!GrantsFileReader.ReadFile(grantsPath).TryGetValue(out grantsFile, out var grantErrors))
                {
                    return YoiApp.Fail(error, grantErrors.Select(e => e.ToString()).ToList());
                }
            }

            var report = PermissionReport.Build(plugin, grantsFile);
            var view = new ShowReport(report);
            if (parseResult.GetValue(json))
            {
                view.WriteJson(output);
            }
            else
            {
                view.WriteText(output);
            }

            // Showing succeeds whatever the coverage; "is it runnable" is the status, not the exit code,
            // except that a plugin with no bound grant at all cannot run.
            // A secret whose grant does not check out stops the plugin loading too.
            return report.Status == PermissionStatus.NotGranted || report.HasSecretProblems ? YoiApp.Failure : YoiApp.Success;
        });

        return show;
    }
}
