using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Yoi.Runtime.GenericHost.Tests;

/// <summary>A real Generic Host as an application builds one: configuration from memory, the plugin folder as content root.</summary>
internal static class TestHost
{
    /// <summary>The longest a test waits for a signal before it fails (a bound, never a pause).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    public static IHost Build(
        ServicePluginFolder folder,
        IEnumerable<KeyValuePair<string, string?>> settings,
        RecordingLoggerProvider? logs = null,
        Action<IServiceCollection>? services = null)
    {
        // No defaults: no environment variables, appsettings or console logging from the machine running the tests.
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ContentRootPath = folder.Root,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        services?.Invoke(builder.Services);
        builder.Services.AddYoiPlugins(builder.Configuration.GetSection("Yoi"));
        return builder.Build();
    }

    /// <summary>The configuration of one service <paramref name="name"/> running the folder's plugin, with paths relative to the content root.</summary>
    public static Dictionary<string, string?> Service(string name, string config = "") => new()
    {
        [$"Yoi:Services:{name}:Directory"] = "plugin",
        [$"Yoi:Services:{name}:Grants"] = "grants.toml",
        [$"Yoi:Services:{name}:Config"] = config,
    };

    public static Dictionary<string, string?> With(this Dictionary<string, string?> settings, string key, string? value)
    {
        settings[key] = value;
        return settings;
    }
}
