using System.Security.Cryptography;
using Yoi.Mocks.Discord;
using Yoi.Runtime.Plugins;

namespace Yoi.Examples.GatewayDemo;

/// <summary>
/// The demo's grants file: what the bot's manifest declares for a local gateway, on the mock's port
/// only, bound to this build's id, version and digest; and its secret <c>discord-token</c>, read from
/// an owner-only file beside it (mode 600) and allowed only to the two gateway paths and the message
/// route. Written to a temporary folder and deleted afterwards.
/// </summary>
internal sealed class BotGrants : IDisposable
{
    private BotGrants(string path, string tokenFile, string token)
    {
        Path = path;
        TokenFile = tokenFile;
        Token = token;
    }

    public string Path { get; }

    public string TokenFile { get; }

    /// <summary>The token; the mock checks it, the demo prints it only as the mock received it.</summary>
    public string Token { get; }

    /// <summary>A fresh token for one run.</summary>
    public static string NewToken() => "demo-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    public static BotGrants Write(PluginDirectory plugin, MockGateway gateway, string token)
    {
        var folder = Directory.CreateTempSubdirectory("yoi-gateway-demo-");
        var tokenFile = System.IO.Path.Combine(folder.FullName, "discord-token");
        File.WriteAllText(tokenFile, token + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(tokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var path = System.IO.Path.Combine(folder.FullName, "grants.toml");
        File.WriteAllText(path, gateway.BotGrants(plugin.Manifest.Id, plugin.Manifest.Version.ToString(), plugin.ComponentDigest.ToString(), "discord-token"));
        return new BotGrants(path, tokenFile, token);
    }

    public void Dispose() => Directory.Delete(System.IO.Path.GetDirectoryName(Path)!, recursive: true);
}
