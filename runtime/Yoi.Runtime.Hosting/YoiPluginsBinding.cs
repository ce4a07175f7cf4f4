using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Yoi.Runtime.GenericHost;

/// <summary>
/// Binds configuration to <see cref="YoiPluginsOptions"/>, refusing what the binder would skip or
/// report vaguely: a key that is no setting (<c>Yoi:Services:bot:Grant is not a setting; ...</c>) and
/// a value that does not convert (the binder's own text, which names the key). Both fail as
/// <see cref="OptionsValidationException"/>, as <c>ValidateOnStart</c> failures do.
/// </summary>
internal static class YoiPluginsBinding
{
    public static void Bind(IConfiguration configuration, YoiPluginsOptions options)
    {
        var problems = new List<string>();
        FindUnknownKeys(configuration, typeof(YoiPluginsOptions), problems);
        if (problems.Count == 0)
        {
            try
            {
                configuration.Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
            }
            catch (InvalidOperationException error)
            {
                // The binder wraps the conversion failure ("Failed to convert configuration value 'soon' at 'Yoi:...'").
                problems.Add((error.InnerException ?? error).Message);
            }
        }

        if (problems.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(YoiPluginsOptions), problems);
        }
    }

    /// <summary>Every key under <paramref name="section"/> that names no property of <paramref name="type"/> (recursively).</summary>
    private static void FindUnknownKeys(IConfiguration section, Type type, List<string> problems)
    {
        foreach (var child in section.GetChildren())
        {
            var property = type.GetProperty(child.Key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null)
            {
                var known = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name);
                problems.Add($"{child.Path} is not a setting; {Where(child.Path)} has {string.Join(", ", known)}");
                continue;
            }

            var propertyType = property.PropertyType;
            if (propertyType.IsGenericType && propertyType.GetGenericTypeDefinition() == typeof(Dictionary<,>))
            {
                // Keys are names (services, pinned hosts); their values are checked when they are settings objects.
                var value = propertyType.GetGenericArguments()[1];
                if (IsSettings(value))
                {
                    foreach (var entry in child.GetChildren())
                    {
                        FindUnknownKeys(entry, value, problems);
                    }
                }
            }
            else if (IsSettings(propertyType))
            {
                FindUnknownKeys(child, propertyType, problems);
            }
        }
    }

    /// <summary>A class of this assembly with settings of its own (not a value, a string or a list).</summary>
    private static bool IsSettings(Type type) => type.IsClass && type.Assembly == typeof(YoiPluginsBinding).Assembly;

    private static string Where(string path) => path.LastIndexOf(':') is var cut and > 0 ? path[..cut] : "the section";
}
