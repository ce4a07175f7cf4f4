using System.CommandLine;
using Microsoft.Extensions.Logging;
using Wasmtime.Components;
using Yoi.Cli.Output;
using Yoi.Runtime.Hosting;
using Yoi.Wit.Bindings;

namespace Yoi.Cli.Commands;

/// <summary>
/// <c>yoi plugin run DIR --grants FILE [--call EXPORT] [--arg TEXT] [--ca-file PEM]</c>: loads the plugin against its
/// grant, runs one export in a fresh instance, prints what it returned, and stops the instance
/// (closing anything it opened).
/// </summary>
public static class RunCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var directory = new Argument<string>("DIR") { Description = "The plugin directory (plugin.toml and its component)." };
        var grants = new Option<string>("--grants") { Description = "The user's grants file.", Required = true };
        var call = new Option<string>("--call") { Description = "The export to call.", DefaultValueFactory = _ => "run" };
        var arg = new Option<string>("--arg") { Description = "The text argument passed to the export.", DefaultValueFactory = _ => "" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Log policy decisions and the plugin's lifecycle to stderr." };
        var noCache = new Option<bool>("--no-cache") { Description = "Do not keep compiled components on disk between runs." };
        var tls = new TlsCommandOptions();

        var run = new Command("run", "Run a plugin's export and print what it returned.")
        {
            directory, grants, call, arg, verbose, noCache,
        };
        tls.AddTo(run);

        run.SetAction(async (parseResult, cancellationToken) =>
        {
            using var loggers = LoggerFactory.Create(builder => builder
                .SetMinimumLevel(parseResult.GetValue(verbose) ? LogLevel.Information : LogLevel.Warning)
                .AddProvider(new TextWriterLoggerProvider(error)));
            if (!tls.Read(parseResult).TryGetValue(out var tlsOptions, out var tlsProblem))
            {
                return YoiApp.Fail(error, [tlsProblem]);
            }

            var options = new PluginHostOptions
            {
                CacheDirectory = parseResult.GetValue(noCache) ? null : ComponentCacheDirectory.Default(),
                Tls = tlsOptions,
            };
            await using var host = new PluginHost(options, loggers);

            if (!host.Load(parseResult.GetValue(directory)!, parseResult.GetValue(grants)!).TryGetValue(out var plugin, out var loadErrors))
            {
                return YoiApp.Fail(error, loadErrors);
            }

            if (!host.Start(plugin).TryGetValue(out var instance, out var startError))
            {
                return YoiApp.Fail(error, [startError]);
            }

            var export = parseResult.GetValue(call)!;
            var argument = parseResult.GetValue(arg)!;
            return export == "run" ? Run(host, instance, argument, output, error) : CallOther(instance, export, argument, output, error);
        });

        return run;
    }

    private static int Run(PluginHost host, PluginInstance instance, string argument, TextWriter output, TextWriter error)
    {
        if (!host.Run(instance, argument).TryGetValue(out var result, out var failure))
        {
            return YoiApp.Fail(error, [$"plugin instance {instance.Name} {failure}"]);
        }

        if (result.TryGetOk(out var ok))
        {
            // What the plugin returned is its own text: line breaks stay, nothing else a terminal would act on.
            output.WriteLine(TerminalText.EscapeKeepingLines(ok));
            return YoiApp.Success;
        }

        error.WriteEscapedLine($"the plugin returned an error: {result.ErrValue}");
        return YoiApp.Failure;
    }

    /// <summary>Any other export, called untyped with one string argument (or none when --arg is empty).</summary>
    private static int CallOther(PluginInstance instance, string export, string argument, TextWriter output, TextWriter error)
    {
        try
        {
            var arguments = argument.Length == 0 ? [] : new[] { ComponentValue.String(argument) };
            var result = instance.CallExport(export, arguments);
            output.WriteLine(TerminalText.EscapeKeepingLines(result?.ToString() ?? "(no result)"));
            return YoiApp.Success;
        }
        catch (MissingExportException e)
        {
            return YoiApp.Fail(error, [e.Message]);
        }
        catch (Exception e) when (e is PluginTrappedException or PluginInstanceUnavailableException)
        {
            return YoiApp.Fail(error, [e.Message]);
        }
    }
}
