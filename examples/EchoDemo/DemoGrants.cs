using Yoi.Runtime.Plugins;

namespace Yoi.Examples.EchoDemo;

/// <summary>
/// The demo's grants file: the user's consent, here given for exactly what the sample's manifest
/// declares (loopback echo, gateway and hello paths), bound to this build's id, version and digest,
/// and its secret <c>echo-token</c>, read from an owner-only file beside it and allowed to go only to
/// the gateway and <c>GET /hello/secure</c>. Written to a temporary folder and deleted afterwards.
/// </summary>
internal sealed class DemoGrants : IDisposable
{
    private DemoGrants(string path, string token)
    {
        Path = path;
        Token = token;
    }

    public string Path { get; }

    /// <summary>The secret's value, fresh each run; the demo prints it only as the server received it.</summary>
    public string Token { get; }

    public static DemoGrants Write(PluginDirectory plugin)
    {
        var folder = Directory.CreateTempSubdirectory("yoi-demo-");
        var path = System.IO.Path.Combine(folder.FullName, "grants.toml");
        var token = "demo-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8));
        var tokenFile = System.IO.Path.Combine(folder.FullName, "echo-token");
        File.WriteAllText(tokenFile, token + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(tokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

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
            path_prefixes = ["/echo", "/gateway"]

            [[plugin.request]]
            scheme = "http"
            host = "127.0.0.1"
            port = "any"
            path_prefixes = ["/hello"]
            methods = ["GET"]

            [[plugin.secret]]
            name = "echo-token"
            file = "echo-token"

            [[plugin.secret.websocket]]
            scheme = "ws"
            host = "127.0.0.1"
            port = "any"
            path_prefixes = ["/gateway"]

            [[plugin.secret.request]]
            scheme = "http"
            host = "127.0.0.1"
            port = "any"
            path_prefixes = ["/hello/secure"]
            methods = ["GET"]
            """);
        return new DemoGrants(path, token);
    }

    public void Dispose() => Directory.Delete(System.IO.Path.GetDirectoryName(Path)!, recursive: true);
}
