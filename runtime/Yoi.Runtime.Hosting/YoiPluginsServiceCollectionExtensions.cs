using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yoi.Runtime.Hosting;
using Yoi.Runtime.Net;

namespace Yoi.Runtime.GenericHost;

/// <summary>Registers Yoi plugin services with a .NET Generic Host (or any <see cref="IServiceCollection"/>).</summary>
public static class YoiPluginsServiceCollectionExtensions
{
    /// <summary>The configuration section the README's examples use.</summary>
    public const string DefaultSectionName = "Yoi";

    /// <summary>
    /// Registers one <see cref="PluginHost"/> (a singleton, disposed with the container), the hosted
    /// service that starts and stops the plugin services, and <see cref="IPluginServices"/>, with
    /// <see cref="YoiPluginsOptions"/> bound from <paramref name="configuration"/> (e.g.
    /// <c>builder.Configuration.GetSection("Yoi")</c>, read once: no reload). Unknown keys and values that
    /// do not convert are errors, and every value is validated when the host starts, before any service does.
    /// </summary>
    public static IServiceCollection AddYoiPlugins(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        AddCore(services);
        var path = configuration is IConfigurationSection section ? section.Path : "";
        services.AddOptions<YoiPluginsOptions>().Configure(options =>
        {
            options.SectionPath = path;
            YoiPluginsBinding.Bind(configuration, options);
        });
        return services;
    }

    /// <summary>As <see cref="AddYoiPlugins(IServiceCollection, IConfiguration)"/>, with the options set in code.</summary>
    public static IServiceCollection AddYoiPlugins(this IServiceCollection services, Action<YoiPluginsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        AddCore(services);
        if (configure is not null)
        {
            services.Configure(configure);
        }

        return services;
    }

    /// <summary>
    /// Adds (or further configures) the plugin service <paramref name="name"/>, as an entry under
    /// <c>Yoi:Services</c> would; registers the plugin host too when that has not happened yet.
    /// </summary>
    public static IServiceCollection AddPluginService(this IServiceCollection services, string name, Action<PluginServiceOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(configure);
        AddCore(services);
        services.Configure<YoiPluginsOptions>(options =>
        {
            if (!options.Services.TryGetValue(name, out var service))
            {
                options.Services[name] = service = new PluginServiceOptions();
            }

            configure(service);
        });
        return services;
    }

    private static void AddCore(IServiceCollection services)
    {
        if (services.Any(descriptor => descriptor.ServiceType == typeof(PluginServiceRegistry)))
        {
            return;
        }

        services.AddOptions<YoiPluginsOptions>().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(provider => new PluginPaths(provider.GetService<IHostEnvironment>()?.ContentRootPath ?? Environment.CurrentDirectory));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<YoiPluginsOptions>, YoiPluginsOptionsValidator>());
        services.TryAddSingleton(CreateHost);
        services.TryAddSingleton<PluginServiceRegistry>();
        services.TryAddSingleton<IPluginServices>(provider => provider.GetRequiredService<PluginServiceRegistry>());
        services.AddHostedService(provider => new PluginServicesHostedService(
            provider.GetRequiredService<PluginHost>(),
            provider.GetRequiredService<PluginServiceRegistry>(),
            provider.GetRequiredService<IOptions<YoiPluginsOptions>>(),
            provider.GetRequiredService<PluginPaths>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<PluginServicesHostedService>>(),
            provider.GetService<IHostApplicationLifetime>()));
    }

    /// <summary>The one plugin host, from the validated options, the container's logging, clock and meters.</summary>
    private static PluginHost CreateHost(IServiceProvider provider)
    {
        // Reading the value runs the validator: a bad setting throws OptionsValidationException naming its key.
        var options = provider.GetRequiredService<IOptions<YoiPluginsOptions>>().Value;
        var built = RuntimeOptionsBuilder.Host(options, provider.GetRequiredService<PluginPaths>());
        if (!built.TryGetValue(out var hostOptions, out var problems))
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(YoiPluginsOptions), problems);
        }

        return new PluginHost(
            hostOptions,
            provider.GetService<ILoggerFactory>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetService<IHostResolver>(),
            provider.GetService<IMeterFactory>());
    }
}
