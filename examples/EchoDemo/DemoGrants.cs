using Yoi.Runtime.Plugins;

namespace Yoi.Examples.EchoDemo;

/// <summary>
/// The demo's grants file: the user's consent, here given for exactly what the sample's manifest
/// declares (loopback echo and hello paths), bound to this build's id, version and digest.
/// Written to a temporary folder and deleted afterwards.
/// </summary>
internal sealed class DemoGrants : IDisposable
{
    private DemoGrants(string path) => Path = path;

    public string Path { get; }

    public static DemoGrants Write(PluginDirectory plugin)
    {
        var folder = Directory.CreateTempSubdirectory("yoi-demo-");
        var path = System.IO.Path.Combine(folder.FullName, "grants.toml");
        File.WriteAllText(path, $"""
            [[plugin]]
            id = "{plugin.Manifest.Id}"
            version = "{plugin.Manifest.Version}"
            digest = "{plugin.ComponentDigest}"
            host_api = ["websocket", "request"]

            [[plugin.websocket]]
            scheme = "ws"
            host = "127.0.0.1"
            port = "any"
            path_prefixes = ["/echo"]

            [[plugin.request]]
            scheme = "http"
            host = "127.0.0.1"
            port = "any"
            path_prefixes = ["/hello"]
            methods = ["GET"]
            """);
        return new DemoGrants(path);
    }

    public void Dispose() => Directory.Delete(System.IO.Path.GetDirectoryName(Path)!, recursive: true);
}
