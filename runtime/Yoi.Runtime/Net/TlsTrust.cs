using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Yoi.Runtime.Policy;

namespace Yoi.Runtime.Net;

/// <summary>
/// <see cref="TlsOptions"/> checked once and made ready to use: the root store and the pins by
/// canonical host. <see cref="ForConnection"/> makes the per-connection check.
/// </summary>
internal sealed class TlsTrust
{
    /// <summary>TLS 1.2 and 1.3 only, whatever the platform would allow.</summary>
    public const SslProtocols Protocols = SslProtocols.Tls12 | SslProtocols.Tls13;

    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");

    private readonly Dictionary<UrlHost, byte[][]> _pins;

    private TlsTrust(X509Certificate2Collection roots, bool trustSystemRoots, Dictionary<UrlHost, byte[][]> pins)
    {
        Roots = roots;
        TrustSystemRoots = trustSystemRoots;
        _pins = pins;
    }

    public X509Certificate2Collection Roots { get; }

    public bool TrustSystemRoots { get; }

    public static Result<TlsTrust, string> Create(TlsOptions options)
    {
        if (options.TrustedRoots.Any(root => root is null))
        {
            return Result<TlsTrust, string>.Fail("TLS: a trusted root is null");
        }

        if (!options.TrustSystemRoots && options.TrustedRoots.Count == 0)
        {
            return Result<TlsTrust, string>.Fail("TLS: not trusting the system roots needs at least one trusted root");
        }

        var pins = new Dictionary<UrlHost, byte[][]>();
        foreach (var (hostText, hostPins) in options.Pins)
        {
            if (!HostNameCanonicalizer.Canonicalize(hostText ?? "").TryGetValue(out var host, out var invalid))
            {
                return Result<TlsTrust, string>.Fail($"TLS: the pinned host '{hostText}' is not a host: {invalid.Message}");
            }

            if (hostPins is null || hostPins.Count == 0)
            {
                return Result<TlsTrust, string>.Fail($"TLS: the pinned host '{hostText}' has no pins");
            }

            var hashes = new List<byte[]>();
            foreach (var pin in hostPins)
            {
                if (!CertificatePin.Parse(pin).TryGetValue(out var hash, out var malformed))
                {
                    return Result<TlsTrust, string>.Fail($"TLS: host '{hostText}': {malformed}");
                }

                hashes.Add(hash);
            }

            if (!pins.TryAdd(host, [.. hashes]))
            {
                return Result<TlsTrust, string>.Fail($"TLS: the host '{host}' is pinned twice");
            }
        }

        return Result<TlsTrust, string>.Ok(new TlsTrust(new X509Certificate2Collection(options.TrustedRoots.ToArray()), options.TrustSystemRoots, pins));
    }

    /// <summary>The check for one connection to <paramref name="url"/>'s host.</summary>
    public ServerCertificateCheck ForConnection(CanonicalUrl url) =>
        new(this, url.Host, _pins.TryGetValue(url.Host, out var pins) ? pins : null);

    /// <summary>
    /// The chain policy: no revocation fetches and no downloads of missing intermediates (both would
    /// make the host reach addresses no policy vetted), the server-authentication usage required.
    /// </summary>
    public X509ChainPolicy ChainPolicy(bool customRoots)
    {
        var policy = new X509ChainPolicy
        {
            RevocationMode = X509RevocationMode.NoCheck,
            DisableCertificateDownloads = true,
            TrustMode = customRoots ? X509ChainTrustMode.CustomRootTrust : X509ChainTrustMode.System,
        };
        policy.ApplicationPolicy.Add(ServerAuthentication);
        if (customRoots)
        {
            policy.CustomTrustStore.AddRange(Roots);
        }

        return policy;
    }
}
