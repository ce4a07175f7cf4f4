using Yoi.Runtime.Manifest;
using Yoi.Runtime.Secrets;

namespace Yoi.Runtime.Plugins;

/// <summary>
/// A plugin folder as the host sees it before running anything: the manifest, the component file it
/// names, and that file's digest (what grants are bound to).
/// </summary>
public sealed record PluginDirectory(string Directory, PluginManifest Manifest, string ComponentPath, ContentDigest ComponentDigest)
{
    public const string ManifestFileName = "plugin.toml";

    /// <summary>Reads <c>plugin.toml</c> and hashes the component; every problem is a located error.</summary>
    public static Result<PluginDirectory, IReadOnlyList<string>> Load(string directory) =>
        LoadWithContent(directory).TryGetValue(out var loaded, out var errors)
            ? Result<PluginDirectory, IReadOnlyList<string>>.Ok(loaded.Plugin)
            : Result<PluginDirectory, IReadOnlyList<string>>.Fail(errors);

    /// <summary>
    /// <see cref="Load"/>, also returning the component bytes that were hashed: whoever compiles the
    /// component must compile exactly these, not read the file again (it may have changed since).
    /// </summary>
    internal static Result<(PluginDirectory Plugin, byte[] Content), IReadOnlyList<string>> LoadWithContent(string directory)
    {
        var manifestPath = Path.Combine(directory, ManifestFileName);
        if (!File.Exists(manifestPath))
        {
            return Fail($"{manifestPath}: error: no {ManifestFileName} in plugin directory '{directory}'");
        }

        if (!PluginManifestReader.ReadFile(manifestPath).TryGetValue(out var manifest, out var errors))
        {
            return Result<(PluginDirectory, byte[]), IReadOnlyList<string>>.Fail(errors.Select(e => e.ToString()).ToList());
        }

        // The reader already refuses absolute paths and '..', so the component stays inside the folder.
        var componentPath = Path.Combine(directory, manifest.ComponentPath);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(componentPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Fail($"{manifestPath}: error: cannot read component '{manifest.ComponentPath}': {e.Message}");
        }

        return Result<(PluginDirectory, byte[]), IReadOnlyList<string>>.Ok(
            (new PluginDirectory(directory, manifest, componentPath, ContentDigest.Of(bytes)), bytes));
    }

    /// <summary>
    /// Binds this plugin to its grant in <paramref name="grantsPath"/> (id, version and digest must all
    /// match) and reads the values of the secrets it grants (<see cref="SecretBinder"/>).
    /// </summary>
    /// <param name="environment">Looks up environment variables for <c>env</c> secrets (the process's by default).</param>
    public Result<PluginPolicy, IReadOnlyList<string>> BindGrants(string grantsPath, Func<string, string?>? environment = null)
    {
        if (!BindGrantsWithoutSecrets(grantsPath).TryGetValue(out var policy, out var errors))
        {
            return Result<PluginPolicy, IReadOnlyList<string>>.Fail(errors);
        }

        return SecretBinder.Bind(policy, environment).TryGetValue(out var secrets, out var secretErrors)
            ? Result<PluginPolicy, IReadOnlyList<string>>.Ok(policy with { Secrets = secrets })
            : Result<PluginPolicy, IReadOnlyList<string>>.Fail(secretErrors.Select(e => e.ToString()).ToList());
    }

    /// <summary>The grant bound to this build, with no secret values read (for reports that never need them).</summary>
    public Result<PluginPolicy, IReadOnlyList<string>> BindGrantsWithoutSecrets(string grantsPath)
    {
        if (!GrantsFileReader.ReadFile(grantsPath).TryGetValue(out var grants, out var errors))
        {
            return Result<PluginPolicy, IReadOnlyList<string>>.Fail(errors.Select(e => e.ToString()).ToList());
        }

        return PluginPolicy.Bind(Manifest, ComponentDigest, grants).TryGetValue(out var policy, out var problem)
            ? Result<PluginPolicy, IReadOnlyList<string>>.Ok(policy)
            : Result<PluginPolicy, IReadOnlyList<string>>.Fail([problem]);
    }

    private static Result<(PluginDirectory, byte[]), IReadOnlyList<string>> Fail(string message) =>
        Result<(PluginDirectory, byte[]), IReadOnlyList<string>>.Fail([message]);
}
