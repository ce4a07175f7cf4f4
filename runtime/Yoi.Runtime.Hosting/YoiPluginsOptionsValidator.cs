using Microsoft.Extensions.Options;

namespace Yoi.Runtime.GenericHost;

/// <summary>
/// Validates the host settings and every configured service (with <c>ValidateOnStart</c>, before any
/// hosted service starts), each failure naming its configuration key.
/// </summary>
internal sealed class YoiPluginsOptionsValidator(PluginPaths paths, TimeProvider time) : IValidateOptions<YoiPluginsOptions>
{
    public ValidateOptionsResult Validate(string? name, YoiPluginsOptions options)
    {
        var failures = new List<string>();
        if (!RuntimeOptionsBuilder.Host(options, paths).TryGetValue(out _, out var hostProblems))
        {
            failures.AddRange(hostProblems);
        }

        foreach (var (serviceName, service) in options.Services)
        {
            if (string.IsNullOrWhiteSpace(serviceName))
            {
                failures.Add($"{options.SectionPath}:Services has a service without a name");
                continue;
            }

            if (!RuntimeOptionsBuilder.Service(options, serviceName, service, time).TryGetValue(out _, out var serviceProblems))
            {
                failures.AddRange(serviceProblems);
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
