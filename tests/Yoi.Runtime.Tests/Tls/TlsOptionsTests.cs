using System.Net;
using Yoi.Runtime.Hosting;

namespace Yoi.Runtime.Tests.Tls;

/// <summary>What <see cref="TlsOptions.Validate"/> refuses, the pin format, and reading a PEM bundle.</summary>
public class TlsOptionsTests
{
    private static TlsOptions Pinned(string host, params string[] pins) =>
        new() { Pins = new Dictionary<string, IReadOnlyList<string>> { [host] = pins } };

    [Fact]
    public void The_default_trusts_the_system_store_only_and_is_valid()
    {
        Assert.True(TlsOptions.Default.TrustSystemRoots);
        Assert.Empty(TlsOptions.Default.TrustedRoots);
        Assert.Empty(TlsOptions.Default.Pins);
        Assert.Null(TlsOptions.Default.Validate());
        Assert.Same(TlsOptions.Default, PluginHostOptions.Default.Tls);
    }

    [Fact]
    public void Custom_root_trust_without_roots_is_refused()
    {
        Assert.Equal("TLS: not trusting the system roots needs at least one trusted root", new TlsOptions { TrustSystemRoots = false }.Validate());
        Assert.Equal("TLS: not trusting the system roots needs at least one trusted root", (PluginHostOptions.Default with { Tls = new() { TrustSystemRoots = false } }).Validate());
    }

    [Fact]
    public void A_pin_is_sha256_slash_the_base64_of_the_spki_hash()
    {
        var leaf = TestAuthority.Create().Issue().Leaf;
        var pin = CertificatePin.Of(leaf);

        Assert.StartsWith("sha256/", pin);
        Assert.Equal(44, pin.Length - "sha256/".Length);
        Assert.Null(Pinned("api.example.com", pin).Validate());
    }

    [Theory]
    [InlineData("sha1/AAAAAAAAAAAAAAAAAAAAAAAAAAA=", "does not start with 'sha256/'")]
    [InlineData("SHA256/47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", "does not start with 'sha256/'")]
    [InlineData("sha256/not base64!", "base64 of a 32-byte SHA-256 hash")]
    [InlineData("sha256/AAAAAAAAAAAAAAAAAAAAAAAAAAA=", "base64 of a 32-byte SHA-256 hash")]
    [InlineData("sha256/e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", "base64 of a 32-byte SHA-256 hash")]
    public void A_malformed_pin_is_refused_naming_the_host(string pin, string why)
    {
        var problem = Pinned("api.example.com", pin).Validate();

        Assert.NotNull(problem);
        Assert.StartsWith("TLS: host 'api.example.com': ", problem);
        Assert.Contains(why, problem);
    }

    [Fact]
    public void Pinned_hosts_are_canonical_hosts_and_each_needs_a_pin()
    {
        var pin = CertificatePin.Of(TestAuthority.Create().Certificate);

        Assert.Contains("is not a host", Pinned("bad_host.example", pin).Validate());
        Assert.Equal("TLS: the pinned host 'api.example.com' has no pins", Pinned("api.example.com").Validate());
        var twice = new TlsOptions { Pins = new Dictionary<string, IReadOnlyList<string>> { ["API.example.com"] = [pin], ["api.example.com."] = [pin] } };
        Assert.Equal("TLS: the host 'api.example.com' is pinned twice", twice.Validate());
        Assert.Null(Pinned("[::1]", pin).Validate());
        Assert.Null(Pinned("127.0.0.1", pin).Validate());
    }

    [Fact]
    public void A_pem_bundle_yields_every_certificate_and_skips_other_blocks()
    {
        var first = TestAuthority.Create("First");
        var second = TestAuthority.Create("Second");
        var text = $"# roots\n{first.Pem()}\n-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n{second.Pem()}";

        var roots = PemCertificates.Read(text, "roots.pem");

        Assert.True(roots.IsOk, roots.ToString());
        Assert.Equal([first.Certificate.Thumbprint, second.Certificate.Thumbprint], roots.Value.Select(c => c.Thumbprint));
    }

    [Fact]
    public void A_pem_file_without_certificates_or_with_a_broken_one_is_an_error_with_its_place()
    {
        Assert.Equal("empty.pem: error: no '-----BEGIN CERTIFICATE-----' block found", PemCertificates.Read("nothing here\n", "empty.pem").Error);

        var broken = PemCertificates.Read("line one\n-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", "broken.pem");
        Assert.StartsWith("broken.pem:2:1: error: the CERTIFICATE block is not a certificate: ", broken.Error);

        var missing = Path.Combine(Path.GetTempPath(), $"yoi-missing-{Guid.NewGuid():N}.pem");
        Assert.StartsWith($"{missing}: error: cannot read the certificate file: ", PemCertificates.ReadFile(missing).Error);
    }

    [Fact]
    public async Task Roots_read_from_a_pem_file_are_trusted()
    {
        var server = TestAuthority.Create().Issue(addresses: [IPAddress.Loopback]);
        var path = Path.Combine(Path.GetTempPath(), $"yoi-roots-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(path, server.Issuer.Pem());
        try
        {
            var roots = PemCertificates.ReadFile(path);
            Assert.True(roots.IsOk, roots.ToString());
            await using var peer = await WebSockets.KestrelPeer.StartAsync(server);
            await using var host = new Yoi.Runtime.WebSockets.WebSocketHost(tls: new TlsOptions { TrustedRoots = roots.Value, TrustSystemRoots = false });
            await using var session = host.CreateSession(WebSockets.TestPolicies.Both(Policy.TestTargets.Ws("127.0.0.1", scheme: "wss", port: peer.Port)), "pem");

            var opened = await session.OpenAsync(new Yoi.Runtime.WebSockets.OpenRequest(peer.Url("/echo")));

            Assert.True(opened.IsOk, opened.ToString());
        }
        finally
        {
            File.Delete(path);
        }
    }
}
