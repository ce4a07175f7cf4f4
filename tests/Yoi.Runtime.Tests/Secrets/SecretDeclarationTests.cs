using Yoi.Runtime.Manifest;
using Yoi.Runtime.Policy;
using Yoi.Runtime.Secrets;

namespace Yoi.Runtime.Tests.Secrets;

/// <summary>Reading <c>[[secret]]</c> in plugin.toml and <c>[[plugin.secret]]</c> in grants: values and located errors.</summary>
public class SecretDeclarationTests
{
    private const string Head = """
        id = "chat-bot"
        name = "Chat bot"
        version = "1.0.0"
        [runtime]
        component = "bot.wasm"
        world = "yoi:host/plugin"
        [permissions]
        host_api = ["websocket", "request"]

        """;

    [Fact]
    public void A_manifest_declares_each_secret_with_its_uses()
    {
        var manifest = PluginManifestReader.Read(SecretFixture.Manifest(8080), "plugin.toml").Value;

        var secret = Assert.Single(manifest.Secrets);
        Assert.Equal("bot-token", secret.Name);
        Assert.Equal("Logs the bot in to the chat service", secret.Purpose);
        Assert.Equal(
            ["request header Authorization: Bot {secret}", "websocket header Authorization: {secret}", "websocket text messages"],
            secret.Uses.Select(u => u.ToString()));
        Assert.Equal("Bot tok", ((SecretUse.Header)secret.Uses[0]).Apply("tok"));
        Assert.NotNull(secret.HeaderUse(HostApi.Request, "authorization"));
        Assert.Null(secret.HeaderUse(HostApi.Request, "x-api-key"));
        Assert.True(secret.AllowsMessages);
    }

    [Theory]
    [InlineData("[[secret]]\nname = \"Bot\"\npurpose = \"p\"\n[[secret.use]]\napi = \"request\"\nheader = \"Authorization\"", 10, 8, "'Bot' is not a secret name")]
    [InlineData("[[secret]]\nname = \"bot\"\npurpose = \" \"\n[[secret.use]]\napi = \"request\"\nheader = \"Authorization\"", 11, 11, "the purpose of a secret is empty")]
    [InlineData("[[secret]]\nname = \"bot\"\npurpose = \"p\"", 9, 1, "needs at least one [[secret.use]]")]
    [InlineData("[[secret]]\nname = \"bot\"\npurpose = \"p\"\n[[secret.use]]\napi = \"mail\"\nheader = \"A\"", 13, 7, "unknown host API 'mail'")]
    [InlineData("[[secret]]\nname = \"bot\"\npurpose = \"p\"\n[[secret.use]]\napi = \"request\"\nmessage = true", 14, 11, "'message = true' is for api = \"websocket\" only")]
    [InlineData("[[secret]]\nname = \"bot\"\npurpose = \"p\"\n[[secret.use]]\napi = \"websocket\"\nmessage = true\nheader = \"A\"", 14, 11, "both 'message' and 'header'")]
    [InlineData("[[secret]]\nname = \"bot\"\npurpose = \"p\"\n[[secret.use]]\napi = \"request\"", 12, 1, "needs 'header = \"NAME\"'")]
    [InlineData("[[secret]]\nname = \"bot\"\npurpose = \"p\"\n[[secret.use]]\napi = \"request\"\nheader = \"Host\"", 14, 10, "'Host' is set by the host")]
    [InlineData("[[secret]]\nname = \"bot\"\npurpose = \"p\"\n[[secret.use]]\napi = \"request\"\nheader = \"A\"\ntemplate = \"Bot\"", 15, 12, "must contain {secret} exactly once")]
    [InlineData("[[secret]]\nname = \"bot\"\npurpose = \"p\"\n[[secret.use]]\napi = \"request\"\nheader = \"A\"\ntemplate = \"{secret}{secret}\"", 15, 12, "must contain {secret} exactly once")]
    [InlineData("[[secret]]\nname = \"bot\"\npurpose = \"p\"\n[[secret.use]]\napi = \"request\"\nheader = \"A\"\n[[secret.use]]\napi = \"request\"\nheader = \"a\"", 15, 1, "is listed twice")]
    [InlineData("[[secret]]\nname = \"bot\"\npurpose = \"p\"\n[[secret.use]]\napi = \"request\"\nheader = \"A\"\n[[secret]]\nname = \"bot\"\npurpose = \"q\"\n[[secret.use]]\napi = \"request\"\nheader = \"B\"", 16, 8, "declared twice")]
    [InlineData("[[secret]]\nname = \"bot\"\npurpose = \"p\"\ncolour = \"red\"\n[[secret.use]]\napi = \"request\"\nheader = \"A\"", 12, 1, "unknown key 'colour'")]
    public void Manifest_secret_errors_name_the_problem_at_its_line_and_column(string section, int line, int column, string message)
    {
        var result = PluginManifestReader.Read(Head + section, "plugin.toml");

        Assert.False(result.IsOk);
        var error = Assert.Single(result.Error);
        Assert.Contains(message, error.Message);
        Assert.Equal(new SourceLocation("plugin.toml", line, column), error.Location);
    }

    [Fact]
    public void A_secret_used_with_an_api_the_manifest_does_not_list_is_an_error()
    {
        var text = Head.Replace("[\"websocket\", \"request\"]", "[\"websocket\"]") +
            "[[secret]]\nname = \"bot\"\npurpose = \"p\"\n[[secret.use]]\napi = \"request\"\nheader = \"A\"";

        var error = Assert.Single(PluginManifestReader.Read(text, "plugin.toml").Error);

        Assert.Equal(ManifestErrorKind.ApiNotListed, error.Kind);
        Assert.Equal(new SourceLocation("plugin.toml", 13, 7), error.Location);
    }

    [Fact]
    public void A_grant_reads_the_source_and_the_targets_of_each_secret()
    {
        var grants = GrantsFileReader.Read(SecretFixture.Grants(8080), "/home/u/.config/yoi/grants.toml").Value;

        var secret = Assert.Single(Assert.Single(grants.Plugins).Secrets);
        Assert.Equal("bot-token", secret.Name);
        Assert.Equal("environment variable BOT_TOKEN", secret.Source.ToString());
        Assert.Equal("/gateway", Assert.Single(secret.WebSocketTargets).Paths.ToString());
        Assert.Equal("/api", Assert.Single(secret.RequestTargets).Paths.ToString());

        var fromFile = GrantsFileReader.Read(SecretFixture.Grants(8080, "file = \"secrets/bot\""), "/home/u/.config/yoi/grants.toml").Value;
        Assert.Equal("file /home/u/.config/yoi/secrets/bot", Assert.Single(Assert.Single(fromFile.Plugins).Secrets).Source.ToString());
    }

    [Theory]
    [InlineData("", 18, 1, "needs 'env = \"VARIABLE\"' or 'file = \"PATH\"'")]
    [InlineData("env = \"A\"\nfile = \"b\"", 21, 8, "from 'env' or 'file', not both")]
    [InlineData("env = \"A=B\"", 20, 7, "'A=B' is not an environment variable name")]
    [InlineData("env = \"A\"\nvalue = \"hunter2\"", 21, 1, "unknown key 'value'")]
    public void Grant_secret_errors_name_the_problem_at_its_line_and_column(string source, int line, int column, string message)
    {
        var text = SecretFixture.Grants(8080, source);

        var result = GrantsFileReader.Read(text, "grants.toml");

        Assert.False(result.IsOk);
        var error = Assert.Single(result.Error);
        Assert.Contains(message, error.Message);
        Assert.Equal(new SourceLocation("grants.toml", line, column), error.Location);
    }

    [Fact]
    public void A_secret_granted_without_targets_is_an_error()
    {
        var text = SecretFixture.Grants(8080);
        text = text[..text.IndexOf("[[plugin.secret.request]]", StringComparison.Ordinal)];

        var error = Assert.Single(GrantsFileReader.Read(text, "grants.toml").Error);

        Assert.Contains("granted without targets", error.Message);
        Assert.Equal(new SourceLocation("grants.toml", 18, 1), error.Location);
    }
}
