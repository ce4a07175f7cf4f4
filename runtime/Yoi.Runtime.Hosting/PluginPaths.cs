namespace Yoi.Runtime.GenericHost;

/// <summary>Resolves the relative paths in the options (plugin folders, grants files, the cache, the CA file) against one folder.</summary>
/// <param name="contentRoot">The host's content root (<c>IHostEnvironment.ContentRootPath</c>), else the current directory.</param>
internal sealed class PluginPaths(string contentRoot)
{
    public string ContentRoot { get; } = contentRoot;

    public string Resolve(string path) => Path.GetFullPath(path, ContentRoot);
}
