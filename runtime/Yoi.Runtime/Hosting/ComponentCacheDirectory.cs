namespace Yoi.Runtime.Hosting;

/// <summary>Where hosts keep compiled components by default: the user's cache folder, private to them.</summary>
public static class ComponentCacheDirectory
{
    /// <summary><c>$YOI_CACHE_DIR</c>, else <c>$XDG_CACHE_HOME/yoi/components</c>, else <c>~/.cache/yoi/components</c>.</summary>
    public static string Default()
    {
        if (Environment.GetEnvironmentVariable("YOI_CACHE_DIR") is { Length: > 0 } explicitDirectory)
        {
            return explicitDirectory;
        }

        var cacheHome = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cacheHome, "yoi", "components");
    }
}
