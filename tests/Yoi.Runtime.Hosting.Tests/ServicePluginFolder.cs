using Yoi.Runtime.Manifest;

namespace Yoi.Runtime.GenericHost.Tests;

/// <summary>
/// A temporary content root holding a service plugin folder (<c>plugin/</c>: plugin.toml and
/// tests/Guests/minimal-service.wat) and a grants file (<c>grants.toml</c>) bound to the component's
/// digest as computed now. Deleted on dispose.
/// </summary>
internal sealed class ServicePluginFolder : IDisposable
{
    private ServicePluginFolder(string root, string id)
    {
        Root = root;
        Id = id;
    }

    /// <summary>The folder a test host uses as its content root.</summary>
    public string Root { get; }

    /// <summary>The plugin's id; each test uses its own, so spans and logs of tests running at once stay apart.</summary>
    public string Id { get; }

    public string Directory => Path.Combine(Root, "plugin");

    public string GrantsPath => Path.Combine(Root, "grants.toml");

    /// <summary>The component's digest, as the grant names it.</summary>
    public ContentDigest Digest { get; private set; } = null!;

    /// <summary>The grants file's text as written (tests that break it change this).</summary>
    public string GrantsText { get; private set; } = "";

    public static ServicePluginFolder Create(string id)
    {
        var root = Path.Combine(Path.GetTempPath(), "yoi-generic-host-tests", Guid.NewGuid().ToString("N"));
        var folder = new ServicePluginFolder(root, id);
        System.IO.Directory.CreateDirectory(folder.Directory);
        var component = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Guests", "minimal-service.wat"));
        File.WriteAllBytes(Path.Combine(folder.Directory, "service.wat"), component);
        folder.Digest = ContentDigest.Of(component);
        File.WriteAllText(Path.Combine(folder.Directory, "plugin.toml"), $"""
            id = "{id}"
            name = "Minimal service"
            version = "1.0.0"

            [runtime]
            component = "service.wat"
            world = "yoi:host/service"

            [permissions]
            host_api = []
            """);
        folder.WriteGrants($"""
            [[plugin]]
            id = "{id}"
            version = "1.0.0"
            digest = "{folder.Digest}"
            host_api = []
            """);
        return folder;
    }

    public void WriteGrants(string text)
    {
        GrantsText = text;
        File.WriteAllText(GrantsPath, text);
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
