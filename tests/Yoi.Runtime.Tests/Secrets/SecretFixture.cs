using Yoi.Runtime.Manifest;
using Yoi.Runtime.Secrets;

namespace Yoi.Runtime.Tests.Secrets;

/// <summary>A chat-bot style plugin.toml and grants file with secrets, bound as the host binds them.</summary>
internal static class SecretFixture
{
    public const string Digest = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    /// <summary>The token's value: distinctive, so a scan for it cannot miss or match by chance.</summary>
    public const string Token = "tok-7f3a9c1e5b2d";

    public static string Manifest(int port) => $$"""
        id = "chat-bot"
        name = "Chat bot"
        version = "1.0.0"

        [runtime]
        component = "bot.wasm"
        world = "yoi:host/plugin"

        [permissions]
        host_api = ["websocket", "request"]

        [[websocket]]
        scheme = "ws"
        host = "127.0.0.1"
        port = {{port}}

        [[request]]
        scheme = "http"
        host = "127.0.0.1"
        port = {{port}}
        methods = ["GET", "POST"]

        [[secret]]
        name = "bot-token"
        purpose = "Logs the bot in to the chat service"

        [[secret.use]]
        api = "request"
        header = "Authorization"
        template = "Bot {secret}"

        [[secret.use]]
        api = "websocket"
        header = "Authorization"

        [[secret.use]]
        api = "websocket"
        message = true
        """;

    /// <summary>Everything declared is granted; the secret goes only under /api (request) and /gateway (websocket).</summary>
    public static string Grants(int port, string source = "env = \"BOT_TOKEN\"") => $$"""
        [[plugin]]
        id = "chat-bot"
        version = "1.0.0"
        digest = "{{Digest}}"
        host_api = ["websocket", "request"]

        [[plugin.websocket]]
        scheme = "ws"
        host = "127.0.0.1"
        port = {{port}}

        [[plugin.request]]
        scheme = "http"
        host = "127.0.0.1"
        port = {{port}}
        methods = ["GET", "POST"]

        [[plugin.secret]]
        name = "bot-token"
        {{source}}

        [[plugin.secret.request]]
        scheme = "http"
        host = "127.0.0.1"
        port = {{port}}
        path_prefixes = ["/api"]
        methods = ["POST"]

        [[plugin.secret.websocket]]
        scheme = "ws"
        host = "127.0.0.1"
        port = {{port}}
        path_prefixes = ["/gateway"]
        """;

    public static Func<string, string?> Environment(string? token = Token) => name => name == "BOT_TOKEN" ? token : null;

    /// <summary>The manifest and grant bound, without secrets read.</summary>
    public static PluginPolicy Policy(string manifest, string grants, string grantsFile = "grants.toml")
    {
        var readManifest = PluginManifestReader.Read(manifest, "plugin.toml");
        Assert.True(readManifest.IsOk, readManifest.ToString());
        var readGrants = GrantsFileReader.Read(grants, grantsFile);
        Assert.True(readGrants.IsOk, readGrants.IsOk ? "" : string.Join("\n", readGrants.Error));
        var bound = PluginPolicy.Bind(readManifest.Value, ContentDigest.Parse(Digest).Value, readGrants.Value);
        Assert.True(bound.IsOk, bound.ToString());
        return bound.Value;
    }

    /// <summary>The manifest and grant bound with the secrets read, as <c>PluginHost.Load</c> does.</summary>
    public static PluginPolicy Bound(int port, Func<string, string?>? environment = null)
    {
        var policy = Policy(Manifest(port), Grants(port));
        var secrets = SecretBinder.Bind(policy, environment ?? Environment());
        Assert.True(secrets.IsOk, secrets.IsOk ? "" : string.Join("\n", secrets.Error));
        return policy with { Secrets = secrets.Value };
    }
}
