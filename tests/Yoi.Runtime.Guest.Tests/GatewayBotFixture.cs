using System.Security.Cryptography;
using Yoi.Runtime.Hosting;
using Yoi.Runtime.Manifest;

namespace Yoi.Runtime.Guest.Tests;

/// <summary>
/// One <see cref="PluginHost"/> for every gateway bot test (the component is compiled once, then kept
/// in an on-disk cache next to the test binaries), and the bot token as a grant would give it: an
/// owner-only secret file. Each run grants the bot exactly its mock's port.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // the token file's owner-only mode
public sealed class GatewayBotFixture : IAsyncLifetime
{
    public const string Plugin = "gateway-bot";

    public PluginHost Host { get; private set; } = null!;

    /// <summary>The bot token: only the secret file and the mock (which checks it) know it.</summary>
    public string Token { get; } = "bot-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    public ContentDigest Digest { get; private set; } = null!;

    private string Folder { get; } = Path.Combine(Path.GetTempPath(), "yoi-gateway-bot-tests", Guid.NewGuid().ToString("N"));

    private string TokenFile => Path.Combine(Folder, "discord-token");

    public Task InitializeAsync()
    {
        Digest = ContentDigest.Of(File.ReadAllBytes(GuestPlugins.WasmPath(Plugin)));
        Host = new PluginHost(new PluginHostOptions { CacheDirectory = CacheDirectory(Digest) });
        Directory.CreateDirectory(Folder);
        File.WriteAllText(TokenFile, Token + "\n");
        File.SetUnixFileMode(TokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return Task.CompletedTask;
    }

    /// <summary>Loads the bot with a grant for the mock on <paramref name="port"/> (the compiled component comes from the cache after the first).</summary>
    public LoadedPlugin Load(int port)
    {
        var path = Path.Combine(Folder, $"grants-{port}.toml");
        File.WriteAllText(path, Grants(port));
        var loaded = Host.Load(RealHostFixture.PluginDir(Plugin), path);
        Assert.True(loaded.IsOk, loaded.IsOk ? "" : string.Join("\n", loaded.Error));
        return loaded.Value;
    }

    /// <summary>What the manifest declares for a local gateway, on one port; the token may go to both gateway paths and the message route.</summary>
    private string Grants(int port) => $"""
        [[plugin]]
        id = "{Plugin}"
        version = "1.0.0"
        digest = "{Digest}"
        host_api = ["websocket", "request"]

        [[plugin.websocket]]
        scheme = "ws"
        host = "127.0.0.1"
        port = {port}
        path_prefixes = ["/gateway", "/resume-gateway"]

        [[plugin.request]]
        scheme = "http"
        host = "127.0.0.1"
        port = {port}
        path_prefixes = ["/api/v10/channels"]
        methods = ["POST"]

        [[plugin.secret]]
        name = "discord-token"
        file = "{TokenFile}"

        [[plugin.secret.websocket]]
        scheme = "ws"
        host = "127.0.0.1"
        port = {port}
        path_prefixes = ["/gateway", "/resume-gateway"]

        [[plugin.secret.request]]
        scheme = "http"
        host = "127.0.0.1"
        port = {port}
        path_prefixes = ["/api/v10/channels"]
        methods = ["POST"]
        """;

    /// <summary>
    /// A cache folder for exactly this build, beside (not inside) <see cref="RealHostFixture"/>'s, which
    /// deletes every folder but its own; a rebuild moves to a new folder and the stale ones are deleted.
    /// </summary>
    private static string CacheDirectory(ContentDigest digest)
    {
        var root = Path.Combine(AppContext.BaseDirectory, "compiled-components-gateway-bot");
        var current = digest.Hex[..16];
        if (Directory.Exists(root))
        {
            foreach (var stale in Directory.GetDirectories(root).Where(d => Path.GetFileName(d) != current))
            {
                try
                {
                    Directory.Delete(stale, recursive: true);
                }
                catch (IOException)
                {
                }
            }
        }

        return Path.Combine(root, current);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
