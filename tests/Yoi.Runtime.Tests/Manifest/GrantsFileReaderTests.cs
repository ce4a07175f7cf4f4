using Yoi.Runtime.Manifest;
using Yoi.Runtime.Policy;

namespace Yoi.Runtime.Tests.Manifest;

public class GrantsFileReaderTests
{
    internal const string Digest = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    internal static readonly string Valid = $"""
        [[plugin]]
        id = "chat-bridge"
        version = "1.2.0"
        digest = "{Digest}"
        host_api = ["websocket", "request"]

        [[plugin.websocket]]
        scheme = "wss"
        host = "chat.example.com"
        path_prefixes = ["/gateway"]
        subprotocols = ["chat.v1"]

        [[plugin.request]]
        scheme = "https"
        host = "api.example.com"
        methods = ["GET"]

        [[plugin]]
        id = "clock"
        version = "0.1.0"
        digest = "sha256:{"".PadLeft(64, 'A')}"
        host_api = []
        """;

    private static GrantsFile Ok(string text)
    {
        var result = GrantsFileReader.Read(text, "grants.toml");
        Assert.True(result.IsOk, result.IsOk ? "" : string.Join("\n", result.Error));
        return result.Value;
    }

    private static IReadOnlyList<ManifestError> Errors(string text)
    {
        var result = GrantsFileReader.Read(text, "grants.toml");
        Assert.False(result.IsOk, "expected errors");
        return result.Error;
    }

    private static string Plugin(string extra = "", string apis = "\"websocket\", \"request\"", string digest = Digest, string version = "1.0.0") => $"""
        [[plugin]]
        id = "p"
        version = "{version}"
        digest = "{digest}"
        host_api = [{apis}]

        {extra}
        """;

    [Fact]
    public void A_valid_grants_file_is_read()
    {
        var grants = Ok(Valid);

        Assert.Equal(2, grants.Plugins.Count);
        var chat = grants.Plugins[0];
        Assert.Equal("chat-bridge", chat.Id);
        Assert.Equal(Digest, chat.Digest.ToString());
        Assert.Equal(new SourceLocation("grants.toml", 1, 1), chat.Location);
        var ws = Assert.Single(chat.WebSocketTargets);
        Assert.Equal(new SourceLocation("grants.toml", 7, 1), ws.Location);
        Assert.Equal(["chat.v1"], ws.Subprotocols.Tokens);
        Assert.Equal(["GET"], Assert.Single(chat.RequestTargets).Methods.Tokens);

        var clock = grants.Plugins[1];
        Assert.Empty(clock.HostApis);
        Assert.Equal("sha256:" + new string('a', 64), clock.Digest.ToString());
    }

    [Fact]
    public void An_empty_file_grants_nothing()
    {
        Assert.Empty(Ok("").Plugins);
    }

    [Fact]
    public void Grants_are_found_only_for_the_exact_id_version_and_digest()
    {
        var grants = Ok(Valid);
        var version = SemanticVersion.Parse("1.2.0").Value;
        var digest = ContentDigest.Parse(Digest).Value;
        var otherDigest = ContentDigest.Parse("sha256:" + new string('0', 64)).Value;

        Assert.NotNull(grants.Find("chat-bridge", version, digest));
        Assert.Null(grants.Find("chat-bridge", SemanticVersion.Parse("1.2.1").Value, digest));
        Assert.Null(grants.Find("chat-bridge", version, otherDigest));
        Assert.Null(grants.Find("chat", version, digest));
    }

    [Theory]
    [InlineData("sha256:abc", "must be 64 hex digits")]
    [InlineData("md5:9f86d081884c7d659a2feaa0c55ad015", "is not a digest")]
    [InlineData("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", "is not a digest")]
    [InlineData("sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a0g", "must be 64 hex digits")]
    public void Bad_digests_are_reported_at_their_line(string digest, string message)
    {
        var error = Assert.Single(Errors(Plugin(digest: digest)));
        Assert.Equal(new SourceLocation("grants.toml", 4, 10), error.Location);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Bad_versions_are_reported_at_their_line()
    {
        var error = Assert.Single(Errors(Plugin(version: "1.0")));
        Assert.Equal(3, error.Location.Line);
        Assert.Contains("not a semantic version", error.Message);
    }

    [Fact]
    public void Missing_keys_are_reported_at_the_plugin_header()
    {
        var errors = Errors("\n[[plugin]]\nid = \"p\"\n");
        Assert.Equal(
            ["missing required key 'version' in [[plugin]]", "missing required key 'digest' in [[plugin]]"],
            errors.Select(e => e.Message));
        Assert.All(errors, e => Assert.Equal(new SourceLocation("grants.toml", 2, 1), e.Location));
    }

    [Fact]
    public void A_grant_section_whose_api_is_not_listed_is_an_error()
    {
        var error = Assert.Single(Errors(Plugin("""
            [[plugin.websocket]]
            scheme = "wss"
            host = "example.com"
            """, apis: "\"request\"")));
        Assert.Equal(ManifestErrorKind.ApiNotListed, error.Kind);
        Assert.Equal(7, error.Location.Line);
        Assert.Contains("[[plugin.websocket]] is present but \"websocket\" is not listed in the [[plugin]] host_api", error.Message);
    }

    [Theory]
    [InlineData("[[plugin.websocket]]\nscheme = \"http\"\nhost = \"example.com\"", 8, "scheme 'http' is not allowed in [[plugin.websocket]]")]
    [InlineData("[[plugin.websocket]]\nscheme = \"wss\"\nhost = \"example.com\"\npath_prefixes = [\"gateway\"]", 10, "must start with '/'")]
    [InlineData("[[plugin.request]]\nscheme = \"ws\"\nhost = \"example.com\"\nmethods = [\"GET\"]", 8, "scheme 'ws' is not allowed in [[plugin.request]]")]
    [InlineData("[[plugin.request]]\nscheme = \"https\"\nhost = \"example.com\"\nmethods = [\"G;T\"]", 10, "'G;T' is not a valid method")]
    [InlineData("[[plugin.websocket]]\nscheme = \"wss\"\nhost = \"example.com\"\nport = 65536", 10, "outside 1-65535")]
    [InlineData("[[plugin.websocket]]\nscheme = \"wss\"\nhost = \"\"", 9, "is empty")]
    public void Bad_grant_targets_are_reported_at_their_line(string extra, int line, string message)
    {
        var error = Assert.Single(Errors(Plugin(extra)));
        Assert.Equal(line, error.Location.Line);
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("/public/..;x", "some servers treat it as a dot segment")]
    [InlineData("/a%252fb", "a double-encoded '/'")]
    [InlineData("/a%c0%af", "%C0%AF is an overlong UTF-8 form of '/'")]
    [InlineData("/a/%2e%2e/b", "must not contain '.' or '..' segments")]
    public void Grant_path_prefixes_the_url_rules_refuse_are_refused_at_their_place(string prefix, string message)
    {
        var error = Assert.Single(Errors(Plugin($"[[plugin.websocket]]\nscheme = \"wss\"\nhost = \"example.com\"\npath_prefixes = [\"{prefix}\"]")));
        Assert.Equal(ManifestErrorKind.InvalidValue, error.Kind);
        Assert.Equal(new SourceLocation("grants.toml", 10, 18), error.Location);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Unknown_keys_anywhere_are_reported()
    {
        var errors = Errors("enabled = true\n" + Plugin("[[plugin.websocket]]\nscheme = \"wss\"\nhost = \"example.com\"\nexpires = 3").Replace("host_api", "name = \"x\"\nhost_api"));
        Assert.Equal(
            [(1, "unknown key 'enabled' in grants.toml"), (6, "unknown key 'name' in [[plugin]]"), (12, "unknown key 'expires' in [[plugin.websocket]]")],
            errors.Select(e => (e.Location.Line, e.Message)));
    }

    [Fact]
    public void The_same_build_granted_twice_is_an_error()
    {
        var error = Assert.Single(Errors(Plugin() + "\n" + Plugin()));
        Assert.Equal(ManifestErrorKind.Duplicate, error.Kind);
        Assert.Equal(8, error.Location.Line);
    }

    [Fact]
    public void Toml_syntax_errors_are_values()
    {
        var error = Assert.Single(Errors("[[plugin]\nid = \"p\""));
        Assert.Equal(ManifestErrorKind.Syntax, error.Kind);
        Assert.Equal(1, error.Location.Line);
    }
}
