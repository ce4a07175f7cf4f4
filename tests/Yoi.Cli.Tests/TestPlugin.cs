using System.Security.Cryptography;

namespace Yoi.Cli.Tests;

/// <summary>A plugin folder (manifest + component bytes) and a grants file bound to its digest.</summary>
internal static class TestPlugin
{
    public static readonly byte[] Component = "not really a component; only its digest matters here"u8.ToArray();

    public static string Digest(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    public const string Manifest = """
        id = "echo-bot"
        name = "Echo bot"
        version = "1.0.0"

        [runtime]
        component = "echo.wasm"
        world = "yoi:host/plugin"

        [permissions]
        host_api = ["websocket", "request"]

        [[websocket]]
        scheme = "ws"
        host = "127.0.0.1"
        port = 9000
        path_prefixes = ["/echo"]

        [[request]]
        scheme = "https"
        host = "api.example.com"
        methods = ["GET"]
        """;

    /// <summary>A plugin folder and a grants file granting websocket to 127.0.0.1:9000/echo only.</summary>
    public static (string Plugin, string Grants) Write(TempDirectory temp, string? digest = null, string? extraGrants = null)
    {
        temp.Write("plugin/plugin.toml", Manifest);
        File.WriteAllBytes(Path.Combine(temp.Path, "plugin/echo.wasm"), Component);
        var grants = temp.Write("grants.toml", $"""
            [[plugin]]
            id = "echo-bot"
            version = "1.0.0"
            digest = "{digest ?? Digest(Component)}"
            host_api = ["websocket"]

            [[plugin.websocket]]
            scheme = "ws"
            host = "127.0.0.1"
            port = 9000
            path_prefixes = ["/echo"]
            {extraGrants}
            """);
        return (Path.Combine(temp.Path, "plugin"), grants);
    }
}
