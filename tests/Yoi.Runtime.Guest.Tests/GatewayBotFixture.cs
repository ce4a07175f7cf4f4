using Yoi.Mocks.Discord;
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

    /// <summary>Loads the bot with a grant for <paramref name="gateway"/>'s port only (the compiled component comes from the cache after the first).</summary>
    public LoadedPlugin Load(MockGateway gateway)
    {
        var path = Path.Combine(Folder, $"grants-{gateway.Port}.toml");
        File.WriteAllText(path, gateway.BotGrants(Plugin, "1.0.0", Digest.ToString(), TokenFile));
        var loaded = Host.Load(RealHostFixture.PluginDir(Plugin), path);
        Assert.True(loaded.IsOk, loaded.IsOk ? "" : string.Join("\n", loaded.Error));
        return loaded.Value;
    }


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
