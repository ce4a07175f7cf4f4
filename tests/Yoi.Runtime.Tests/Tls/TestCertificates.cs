using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Yoi.Runtime.Net;

namespace Yoi.Runtime.Tests.Tls;

/// <summary>
/// A certificate authority made in memory (ECDSA P-256, <see cref="CertificateRequest"/>), issuing server
/// certificates for tests. Nothing is written to any certificate store: a client trusts it only
/// through <see cref="TlsOptions.TrustedRoots"/>.
/// </summary>
internal sealed class TestAuthority
{
    public static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    public static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    private readonly ECDsa _key;

    private TestAuthority(string name)
    {
        _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", _key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        Certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(30));
    }

    /// <summary>The root (public part only is needed by a client).</summary>
    public X509Certificate2 Certificate { get; }

    public static TestAuthority Create(string name = "Yoi Test Root") => new(name);

    /// <summary>
    /// A server certificate (with its private key) for <paramref name="dnsNames"/> and <paramref name="addresses"/>,
    /// valid from <paramref name="notBefore"/> to <paramref name="notAfter"/> (default: yesterday to in ten days),
    /// for the extended key <paramref name="usages"/> (default: server authentication).
    /// </summary>
    public ServerCertificate Issue(
        string[]? dnsNames = null,
        IPAddress[]? addresses = null,
        DateTimeOffset? notBefore = null,
        DateTimeOffset? notAfter = null,
        Oid[]? usages = null)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames ?? ["localhost"])
        {
            names.AddDnsName(name);
        }

        foreach (var address in addresses ?? [IPAddress.Loopback])
        {
            names.AddIpAddress(address);
        }

        var request = new CertificateRequest($"CN={(dnsNames ?? ["localhost"]).FirstOrDefault() ?? "server"}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([.. usages ?? [ServerAuthentication]], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var issued = request.Create(
            Certificate,
            notBefore ?? DateTimeOffset.UtcNow.AddDays(-1),
            notAfter ?? DateTimeOffset.UtcNow.AddDays(10),
            serial);
        return new ServerCertificate(issued.CopyWithPrivateKey(key), this);
    }

    /// <summary>The root as a PEM bundle, as a host's CA file would hold it.</summary>
    public string Pem() => Certificate.ExportCertificatePem();
}

/// <summary>A server's certificate (with key) and the authority that issued it; the server sends both.</summary>
internal sealed record ServerCertificate(X509Certificate2 Leaf, TestAuthority Issuer)
{
    /// <summary>TLS options trusting only the issuer (custom root trust).</summary>
    public TlsOptions TrustOnlyIssuer => new() { TrustedRoots = [Issuer.Certificate], TrustSystemRoots = false };

    /// <summary>TLS options trusting the issuer besides the system roots.</summary>
    public TlsOptions TrustIssuer => new() { TrustedRoots = [Issuer.Certificate] };

    /// <summary>Serves TLS with this certificate, sending the issuer along (as servers send their chain).</summary>
    public void Use(ListenOptions listen, Action<HttpsConnectionAdapterOptions>? configure = null) =>
        listen.UseHttps(https =>
        {
            https.ServerCertificate = Leaf;
            https.ServerCertificateChain = [Issuer.Certificate];
            configure?.Invoke(https);
        });
}
