using System.Text.RegularExpressions;

namespace Yoi.Runtime.Manifest;

/// <summary>
/// Plugin ids: lower-case letters and digits in parts joined by '.', '-' or '_', starting with a
/// letter, at most 64 characters ("chat-bridge", "com.example.chat"). Narrow on purpose: ids end up
/// in file names, logs and grants.
/// </summary>
public static partial class PluginIdentity
{
    public const int MaxIdLength = 64;

    [GeneratedRegex("^[a-z][a-z0-9]*(?:[._-][a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    public static string? ValidateId(string id) =>
        id.Length == 0 ? "the plugin id is empty"
        : id.Length > MaxIdLength ? $"the plugin id is longer than {MaxIdLength} characters"
        : IdPattern().IsMatch(id) ? null
        : $"'{id}' is not a valid plugin id (lower-case letters and digits joined by '.', '-' or '_', starting with a letter)";
}
