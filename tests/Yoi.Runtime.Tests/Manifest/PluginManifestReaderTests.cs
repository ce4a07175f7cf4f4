using Yoi.Runtime.Manifest;
using Yoi.Runtime.Policy;

namespace Yoi.Runtime.Tests.Manifest;

public class PluginManifestReaderTests
{
    private const string Valid = """
        id = "chat-bridge"
        name = "Chat bridge"
        version = "1.2.0-beta.1"

        [runtime]
        component = "bin/chat_bridge.wasm"
        world = "yoi:host/plugin@1.0.0"

        [permissions]
        host_api = ["websocket", "request"]

        [[websocket]]
        scheme = "wss"
        host = "Chat.Example.COM"
        path_prefixes = ["/gateway", "/events/"]
        subprotocols = ["chat.v1", "chat.v2"]

        [[websocket]]
        scheme = "ws"
        host = "127.0.0.1"
        port = 9000

        [[request]]
        scheme = "https"
        host = "*.api.example.com"
        port = "any"
        path_prefixes = ["/v1"]
        methods = ["GET", "POST"]
        """;

    private static PluginManifest Ok(string text)
    {
        var result = PluginManifestReader.Read(text, "plugin.toml");
        Assert.True(result.IsOk, result.IsOk ? "" : string.Join("\n", result.Error));
        return result.Value;
    }

    private static IReadOnlyList<ManifestError> Errors(string text)
    {
        var result = PluginManifestReader.Read(text, "plugin.toml");
        Assert.False(result.IsOk, "expected errors");
        return result.Error;
    }

    /// <summary>A valid manifest with <paramref name="extra"/> appended; the header is 9 lines long.</summary>
    private static string WithTargets(string extra, string apis = "\"websocket\", \"request\"") => $"""
        id = "p"
        name = "P"
        version = "1.0.0"
        [runtime]
        component = "p.wasm"
        world = "plugin"
        [permissions]
        host_api = [{apis}]

        {extra}
        """;

    [Fact]
    public void A_valid_manifest_is_read_with_canonical_targets()
    {
        var manifest = Ok(Valid);

        Assert.Equal("chat-bridge", manifest.Id);
        Assert.Equal("Chat bridge", manifest.Name);
        Assert.Equal(new SemanticVersion(1, 2, 0, "beta.1", null), manifest.Version);
        Assert.Equal("bin/chat_bridge.wasm", manifest.ComponentPath);
        Assert.Equal("yoi:host/plugin@1.0.0", manifest.World);
        Assert.Equal(new HashSet<HostApi> { HostApi.WebSocket, HostApi.Request }, manifest.HostApis);

        Assert.Equal(2, manifest.WebSocketTargets.Count);
        var gateway = manifest.WebSocketTargets[0];
        Assert.Equal("wss", gateway.Scheme);
        Assert.Equal(new ExactHostPattern("chat.example.com"), gateway.Host);
        Assert.Equal(443, gateway.Port.Port);
        Assert.Equal(["/gateway", "/events/"], gateway.Paths.Prefixes);
        Assert.Equal(["chat.v1", "chat.v2"], gateway.Subprotocols.Tokens);
        Assert.Equal(new SourceLocation("plugin.toml", 12, 1), gateway.Location);
        Assert.Equal(BroadParts.None, gateway.Broadness);

        var local = manifest.WebSocketTargets[1];
        Assert.Equal(9000, local.Port.Port);
        Assert.True(local.NamesPrivateExplicitly);
        Assert.Equal(BroadParts.Paths, local.Broadness);
        Assert.Equal(TokenRule.None, local.Subprotocols);

        var api = Assert.Single(manifest.RequestTargets);
        Assert.Equal(BroadParts.Host | BroadParts.Port, api.Broadness);
        Assert.Equal(["GET", "POST"], api.Methods.Tokens);
        Assert.Same(manifest.RequestTargets, manifest.Declared(HostApi.Request));
    }

    [Fact]
    public void A_toml_syntax_error_is_an_error_value_with_its_position()
    {
        var error = Assert.Single(Errors("id = \"p\"\nname = \n"));
        Assert.Equal(ManifestErrorKind.Syntax, error.Kind);
        Assert.Equal(new SourceLocation("plugin.toml", 2, 8), error.Location);
        Assert.StartsWith("plugin.toml:2:8: error:", error.ToString());
    }

    [Fact]
    public void A_redefined_key_is_a_syntax_error()
    {
        var errors = Errors("id = \"p\"\nid = \"q\"\n");
        Assert.Contains(errors, e => e.Kind == ManifestErrorKind.Syntax && e.Location.Line == 2);
    }

    [Fact]
    public void Missing_required_keys_are_reported()
    {
        var errors = Errors("name = \"P\"\n");
        var messages = errors.Select(e => e.Message).ToList();
        Assert.Contains("missing required key 'id' in plugin.toml", messages);
        Assert.Contains("missing required key 'version' in plugin.toml", messages);
        Assert.Contains("missing required key 'runtime' in plugin.toml", messages);
        Assert.All(errors, e => Assert.Equal(ManifestErrorKind.MissingKey, e.Kind));
    }

    [Fact]
    public void Unknown_keys_are_reported_at_the_key()
    {
        var errors = Errors(WithTargets("""
            [[websocket]]
            scheme = "wss"
            host = "example.com"
            subprotocol = ["chat"]
            """));
        var error = Assert.Single(errors);
        Assert.Equal(ManifestErrorKind.UnknownKey, error.Kind);
        Assert.Equal(new SourceLocation("plugin.toml", 13, 1), error.Location);
        Assert.Contains("unknown key 'subprotocol' in [[websocket]]", error.Message);
    }

    [Fact]
    public void Unknown_top_level_and_section_keys_are_reported()
    {
        var errors = Errors("""
            id = "p"
            name = "P"
            version = "1.0.0"
            author = "me"
            [runtime]
            component = "p.wasm"
            world = "plugin"
            entry = "main"
            [permissions]
            host_api = []
            filesystem = true
            """);
        Assert.Equal([4, 8, 11], errors.Select(e => e.Location.Line));
        Assert.All(errors, e => Assert.Equal(ManifestErrorKind.UnknownKey, e.Kind));
    }

    [Theory]
    [InlineData("scheme = \"https\"\nhost = \"example.com\"", 11, "scheme 'https' is not allowed in [[websocket]]; use ws or wss")]
    [InlineData("scheme = \"WSS\"\nhost = \"example.com\"", 11, "scheme 'WSS' is not allowed")]
    [InlineData("scheme = \"wss\"\nhost = \"\"", 12, "the host in [[websocket]] is empty")]
    [InlineData("scheme = \"wss\"\nhost = \"exa mple.com\"", 12, "invalid host in [[websocket]]")]
    [InlineData("scheme = \"wss\"\nhost = \"10.0.0.1/8\"", 12, "host bits set")]
    [InlineData("scheme = \"wss\"\nhost = \"example.com\"\nport = 70000", 13, "the port 70000 is outside 1-65535")]
    [InlineData("scheme = \"wss\"\nhost = \"example.com\"\nport = 0", 13, "the port 0 is outside 1-65535")]
    [InlineData("scheme = \"wss\"\nhost = \"example.com\"\nport = \"all\"", 13, "port must be a number or \"any\"")]
    [InlineData("scheme = \"wss\"\nhost = \"example.com\"\nport = 1.5", 13, "'port' in [[websocket]] must be an integer or \"any\", found a float")]
    [InlineData("scheme = \"wss\"\nhost = \"example.com\"\npath_prefixes = [\"/ok\",\n  \"gateway\"]", 14, "the path prefix 'gateway' must start with '/'")]
    [InlineData("scheme = \"wss\"\nhost = \"example.com\"\npath_prefixes = [\"/a/../b\"]", 13, "must not contain '.' or '..' segments")]
    [InlineData("scheme = \"wss\"\nhost = \"example.com\"\npath_prefixes = \"/a\"", 13, "must be an array of strings, found a string")]
    [InlineData("scheme = \"wss\"\nhost = \"example.com\"\nsubprotocols = [\"chat v1\"]", 13, "'chat v1' is not a valid subprotocol")]
    [InlineData("scheme = \"wss\"\nhost = \"example.com\"\nsubprotocols = [\"a\", \"a\"]", 13, "the subprotocol 'a' is listed twice")]
    [InlineData("scheme = \"wss\"\nhost = \"example.com\"\nsubprotocols = [1]", 13, "must contain only strings, found an integer")]
    [InlineData("scheme = \"wss\"", 10, "missing required key 'host' in [[websocket]]")]
    [InlineData("host = \"example.com\"", 10, "missing required key 'scheme' in [[websocket]]")]
    [InlineData("scheme = 443\nhost = \"example.com\"", 11, "'scheme' in [[websocket]] must be a string, found an integer")]
    public void Bad_websocket_entries_are_reported_at_their_line(string body, int line, string message)
    {
        var errors = Errors(WithTargets("[[websocket]]\n" + body));
        var error = Assert.Single(errors);
        Assert.Equal(line, error.Location.Line);
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("/public/..;x", "the segment '..;x' is refused: some servers treat it as a dot segment")]
    [InlineData("/public/%2e%2e;x", "the segment '..;x' is refused: some servers treat it as a dot segment")]
    [InlineData("/a/;x/b", "';x' is empty once its parameters are removed")]
    [InlineData("/a%252fb", "a double-encoded '/'")]
    [InlineData("/a%255Cb", "a double-encoded '\\'")]
    [InlineData("/a%252E", "a double-encoded '.'")]
    [InlineData("/a%c0%ae", "%C0%AE is an overlong UTF-8 form of '.'")]
    [InlineData("/a%ff", "%FF cannot start a UTF-8 sequence")]
    [InlineData("/a\uff0fb", "U+FF0F in the path is refused")]
    [InlineData("/a/%2e%2e/b", "must not contain '.' or '..' segments")]
    [InlineData("/a/%2E", "must not contain '.' or '..' segments")]
    public void Path_prefixes_the_url_rules_refuse_are_refused_at_their_place(string prefix, string message)
    {
        var errors = Errors(WithTargets($"[[websocket]]\nscheme = \"wss\"\nhost = \"example.com\"\npath_prefixes = [\"/ok\", \"{prefix}\"]"));
        var error = Assert.Single(errors);
        Assert.Equal(ManifestErrorKind.InvalidValue, error.Kind);
        Assert.Equal(new SourceLocation("plugin.toml", 13, 25), error.Location);
        Assert.Contains($"the path prefix '{prefix}'", error.Message);
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("scheme = \"wss\"\nhost = \"example.com\"\nmethods = [\"GET\"]", 11, "scheme 'wss' is not allowed in [[request]]; use http or https")]
    [InlineData("scheme = \"https\"\nhost = \"example.com\"", 10, "missing required key 'methods' in [[request]]")]
    [InlineData("scheme = \"https\"\nhost = \"example.com\"\nmethods = []", 10, "'methods' in [[request]] is empty")]
    [InlineData("scheme = \"https\"\nhost = \"example.com\"\nmethods = [\"GET\", \"P OST\"]", 13, "'P OST' is not a valid method")]
    [InlineData("scheme = \"https\"\nhost = \"example.com\"\nmethods = [\"CONNECT\"]", 13, "CONNECT opens a tunnel")]
    [InlineData("scheme = \"https\"\nhost = \"example.com\"\nmethods = [\"GET\"]\nsubprotocols = [\"x\"]", 14, "unknown key 'subprotocols' in [[request]]")]
    public void Bad_request_entries_are_reported_at_their_line(string body, int line, string message)
    {
        var errors = Errors(WithTargets("[[request]]\n" + body));
        var error = Assert.Single(errors);
        Assert.Equal(line, error.Location.Line);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_target_section_whose_api_is_not_listed_is_an_error()
    {
        var errors = Errors(WithTargets("""
            [[request]]
            scheme = "https"
            host = "example.com"
            methods = ["GET"]
            """, apis: "\"websocket\""));
        var error = Assert.Single(errors);
        Assert.Equal(ManifestErrorKind.ApiNotListed, error.Kind);
        Assert.Equal(new SourceLocation("plugin.toml", 10, 1), error.Location);
        Assert.Contains("[[request]] is present but \"request\" is not listed in [permissions] host_api", error.Message);
    }

    [Fact]
    public void A_target_section_without_any_permissions_table_is_an_error()
    {
        var errors = Errors("""
            id = "p"
            name = "P"
            version = "1.0.0"
            [runtime]
            component = "p.wasm"
            world = "plugin"
            [[websocket]]
            scheme = "wss"
            host = "example.com"
            """);
        Assert.Equal(ManifestErrorKind.ApiNotListed, Assert.Single(errors).Kind);
    }

    [Theory]
    [InlineData("[\"websocket\", \"ftp\"]", "unknown host API 'ftp'")]
    [InlineData("[\"websocket\", \"websocket\"]", "host API 'websocket' is listed twice")]
    [InlineData("\"websocket\"", "'host_api' in [permissions] must be an array of strings")]
    public void Bad_host_api_lists_are_reported(string apis, string message)
    {
        var errors = Errors(WithTargets("", apis: "").Replace("host_api = []", $"host_api = {apis}"));
        var error = Assert.Single(errors);
        Assert.Equal(8, error.Location.Line);
        Assert.Contains(message, error.Message);
    }

    [Theory]
    [InlineData("version = \"1.0\"", "not a semantic version")]
    [InlineData("version = \"01.0.0\"", "not a semantic version")]
    [InlineData("version = \"v1.0.0\"", "not a semantic version")]
    [InlineData("version = 1", "must be a string, found an integer")]
    [InlineData("id = \"Chat Bridge\"", "is not a valid plugin id")]
    [InlineData("id = \"\"", "the plugin id is empty")]
    [InlineData("name = \"\"", "the plugin name is empty")]
    [InlineData("component = \"/abs/p.wasm\"", "must be relative")]
    [InlineData("component = \"../p.wasm\"", "must not contain empty, '.' or '..' segments")]
    [InlineData("component = \"C:p.wasm\"", "must be relative")]
    [InlineData("world = \"Plugin World\"", "is not a WIT world name")]
    public void Bad_identity_and_runtime_values_are_reported_at_their_line(string replacement, string message)
    {
        var key = replacement[..replacement.IndexOf(' ')];
        var lines = WithTargets("").Split('\n').ToList();
        var index = lines.FindIndex(l => l.StartsWith(key + " ", StringComparison.Ordinal));
        lines[index] = replacement;

        var error = Assert.Single(Errors(string.Join('\n', lines)));
        Assert.Equal(index + 1, error.Location.Line);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Several_errors_are_all_reported_in_file_order()
    {
        var errors = Errors(WithTargets("""
            [[websocket]]
            scheme = "http"
            host = "example.com"
            port = 0

            [[websocket]]
            scheme = "wss"
            host = "*.example.com"
            path_prefixes = ["x"]
            """));
        Assert.Equal([11, 13, 18], errors.Select(e => e.Location.Line));
    }

    [Fact]
    public void Websocket_as_a_plain_table_is_a_type_error()
    {
        var error = Assert.Single(Errors(WithTargets("[websocket]\nscheme = \"wss\"\nhost = \"example.com\"")));
        Assert.Equal(ManifestErrorKind.WrongType, error.Kind);
        Assert.Contains("must be [[websocket]] entries", error.Message);
    }

    [Fact]
    public void Inline_and_dotted_forms_are_read_like_any_other_toml()
    {
        var manifest = Ok("""
            id = "p"
            name = "P"
            version = "1.0.0"
            runtime = { component = "p.wasm", world = "plugin" }
            permissions.host_api = ["websocket"]
            websocket = [{ scheme = "wss", host = "example.com", port = 8443 }]
            """);
        Assert.Equal(8443, Assert.Single(manifest.WebSocketTargets).Port.Port);
    }

    [Fact]
    public void Reading_a_missing_file_is_an_error_value()
    {
        var result = PluginManifestReader.ReadFile(Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".toml"));
        Assert.False(result.IsOk);
        Assert.Contains("cannot read the file", Assert.Single(result.Error).Message);
    }
}
