using Yoi.Runtime.Manifest;
using Yoi.Runtime.Secrets;

namespace Yoi.Runtime.Tests.Secrets;

/// <summary>Load-time binding of secrets: each problem located in the grants file, no value in any text.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes are a Unix notion
public sealed class SecretBinderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("yoi-secret-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static IReadOnlyList<ManifestError> Errors(PluginPolicy policy, Func<string, string?>? environment = null)
    {
        var result = SecretBinder.Bind(policy, environment ?? SecretFixture.Environment());
        Assert.False(result.IsOk, "expected binding errors");
        foreach (var error in result.Error)
        {
            Assert.DoesNotContain(SecretFixture.Token, error.ToString());
        }

        return result.Error;
    }

    [Fact]
    public void A_granted_secret_binds_with_its_value_held_by_the_host()
    {
        var policy = SecretFixture.Bound(8080);

        Assert.Equal(["bot-token"], policy.Secrets.Names);
        Assert.Equal($"request failed: <secret:bot-token> rejected", policy.Secrets.Redact($"request failed: {SecretFixture.Token} rejected"));
    }

    [Fact]
    public void A_secret_the_manifest_does_not_declare_is_an_error_at_its_grant()
    {
        var grants = SecretFixture.Grants(8080).Replace("name = \"bot-token\"", "name = \"admin-token\"");

        var error = Assert.Single(Errors(SecretFixture.Policy(SecretFixture.Manifest(8080), grants)));

        Assert.Equal("the grant gives secret 'admin-token', which the plugin's manifest does not declare (it declares 'bot-token')", error.Message);
        Assert.Equal(new SourceLocation("grants.toml", 18, 1), error.Location);
    }

    [Fact]
    public void A_missing_environment_variable_is_an_error_at_the_env_key()
    {
        var error = Assert.Single(Errors(SecretFixture.Policy(SecretFixture.Manifest(8080), SecretFixture.Grants(8080)), _ => null));

        Assert.Equal("secret 'bot-token': the environment variable BOT_TOKEN is not set", error.Message);
        Assert.Equal(new SourceLocation("grants.toml", 20, 7), error.Location);
    }

    [Fact]
    public void A_missing_file_is_an_error_at_the_file_key()
    {
        var grants = SecretFixture.Grants(8080, "file = \"absent\"");

        var error = Assert.Single(Errors(SecretFixture.Policy(SecretFixture.Manifest(8080), grants, Path.Combine(_folder, "grants.toml"))));

        Assert.Equal($"secret 'bot-token': the secret file {Path.Combine(_folder, "absent")} does not exist", error.Message);
        Assert.Equal(20, error.Location.Line);
        Assert.Equal(8, error.Location.Column);
    }

    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, "read", "0640")]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead, "read", "0604")]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupWrite, "written", "0620")]
    public void A_secret_file_others_may_touch_is_refused(UnixFileMode mode, string what, string octal)
    {
        var path = WriteSecretFile(SecretFixture.Token + "\n", mode);
        var grants = SecretFixture.Grants(8080, "file = \"token\"");

        var error = Assert.Single(Errors(SecretFixture.Policy(SecretFixture.Manifest(8080), grants, Path.Combine(_folder, "grants.toml"))));

        Assert.Equal($"secret 'bot-token': the secret file {path} can be {what} by users other than its owner (mode {octal}); make it owner-only: chmod 600 {path}", error.Message);
        Assert.Equal(new SourceLocation(Path.Combine(_folder, "grants.toml"), 20, 8), error.Location with { File = Path.Combine(_folder, "grants.toml") });
    }

    [Fact]
    public void An_owner_only_file_gives_its_value_without_the_trailing_newline()
    {
        WriteSecretFile(SecretFixture.Token + "\n", UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var policy = SecretFixture.Policy(SecretFixture.Manifest(8080), SecretFixture.Grants(8080, "file = \"token\""), Path.Combine(_folder, "grants.toml"));

        var secrets = SecretBinder.Bind(policy).Value;

        Assert.Equal("<secret:bot-token>!", secrets.Redact(SecretFixture.Token + "!"));
    }

    [Fact]
    public void A_secret_target_outside_the_grant_is_an_error_at_the_target()
    {
        var grants = SecretFixture.Grants(8080).Replace("path_prefixes = [\"/api\"]\nmethods = [\"POST\"]", "path_prefixes = [\"/api\"]\nmethods = [\"DELETE\"]");

        var error = Assert.Single(Errors(SecretFixture.Policy(SecretFixture.Manifest(8080), grants)));

        Assert.StartsWith("secret 'bot-token' may go to [[request]] http://127.0.0.1:8080 paths [/api] methods [DELETE]", error.Message);
        Assert.EndsWith("but no declared [[request]] target of the manifest covers all of it", error.Message);
        Assert.Equal(new SourceLocation("grants.toml", 22, 1), error.Location);
    }

    [Fact]
    public void A_secret_target_the_user_did_not_grant_the_plugin_is_an_error()
    {
        // The manifest declares any path on port 9000 too, but the plugin's own grant does not cover it.
        var manifest = SecretFixture.Manifest(8080) + "\n[[websocket]]\nscheme = \"ws\"\nhost = \"127.0.0.1\"\nport = 9000\n";
        var grants = SecretFixture.Grants(8080).Replace("[[plugin.secret.websocket]]\nscheme = \"ws\"\nhost = \"127.0.0.1\"\nport = 8080", "[[plugin.secret.websocket]]\nscheme = \"ws\"\nhost = \"127.0.0.1\"\nport = 9000");

        var error = Assert.Single(Errors(SecretFixture.Policy(manifest, grants)));

        Assert.EndsWith("but no [[plugin.websocket]] grant covers all of it; a secret goes only where the plugin may go", error.Message);
        Assert.Equal(new SourceLocation("grants.toml", 29, 1), error.Location);
    }

    [Fact]
    public void A_value_that_cannot_be_a_header_is_an_error_that_does_not_show_it()
    {
        var error = Assert.Single(Errors(SecretFixture.Policy(SecretFixture.Manifest(8080), SecretFixture.Grants(8080)), SecretFixture.Environment(SecretFixture.Token + "\r\nX-Evil: 1")));

        Assert.Equal("secret 'bot-token' (from environment variable BOT_TOKEN) cannot be sent in the header 'Authorization': a header value is printable ASCII and tab only", error.Message);
    }

    [Fact]
    public void The_permission_check_reads_the_mode_of_the_file_itself()
    {
        var path = WriteSecretFile(SecretFixture.Token, UnixFileMode.UserRead);
        Assert.True(SecretSourceReader.Read(new SecretSource.File(path, new SourceLocation("g", 1, 1))).IsOk);

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.OtherRead);
        Assert.Contains("mode 0404", SecretSourceReader.Read(new SecretSource.File(path, new SourceLocation("g", 1, 1))).Error);
    }

    private string WriteSecretFile(string text, UnixFileMode mode)
    {
        var path = Path.Combine(_folder, "token");
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, mode);
        return path;
    }
}
