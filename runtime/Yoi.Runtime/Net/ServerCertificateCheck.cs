using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Yoi.Runtime.Policy;

namespace Yoi.Runtime.Net;

/// <summary>Why TLS failed: the error for the plugin and a short reason tag for metrics and logs.</summary>
internal sealed record TlsFailure(HostError Error, string Reason);

/// <summary>
/// The server-certificate check for one connection (a websocket open or a one-shot request), bound to
/// the canonical host the policy allowed, never to what the HTTP stack or DNS says. Records why it
/// refused, so the caller can tell a pin mismatch (<c>denied</c>) from any other TLS failure (<c>io</c>).
/// Order: the chain must be trusted (system roots and/or the configured roots), then the certificate
/// must match the host, then, when the host is pinned, a certificate of the chain must match a pin.
/// </summary>
internal sealed class ServerCertificateCheck(TlsTrust trust, UrlHost host, byte[][]? pins)
{
    /// <summary>Set when the check refused the server's certificate.</summary>
    public TlsFailure? Failure { get; private set; }

    /// <summary>The name the certificate must match: the DNS name, or the IP literal (matched against IP-address SANs).</summary>
    public string HostName { get; } = host switch
    {
        DnsHost dns => dns.Name,
        IpHost ip => ip.Address.ToString(),
        _ => host.UrlText,
    };

    /// <summary>The client options for this connection (the handler sets the SNI name from the canonical URL it sends).</summary>
    public SslClientAuthenticationOptions ClientOptions() => new()
    {
        TargetHost = HostName,
        EnabledSslProtocols = TlsTrust.Protocols,
        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        CertificateChainPolicy = trust.ChainPolicy(customRoots: !trust.TrustSystemRoots),
        RemoteCertificateValidationCallback = Validate,
    };

    /// <summary>The TLS failure behind <paramref name="error"/>, if it is one: the recorded refusal, or a failed handshake.</summary>
    public TlsFailure? Explain(Exception error)
    {
        if (Failure is not null)
        {
            return Failure;
        }

        for (var current = error; current is not null; current = current.InnerException)
        {
            if (current is AuthenticationException)
            {
                return new(new HostError.Io($"TLS: the handshake with '{HostName}' failed: {Causes(current)}"), "tls-handshake");
            }
        }

        return null;
    }

    /// <summary>The messages below an exception that only says "see inner exception", or its own.</summary>
    private static string Causes(Exception error)
    {
        var messages = new List<string>();
        for (var current = error; current is not null; current = current.InnerException)
        {
            if (current.InnerException is null || !current.Message.Contains("inner exception", StringComparison.Ordinal))
            {
                messages.Add(current.Message.TrimEnd('.'));
            }
        }

        return string.Join(": ", messages.Distinct());
    }

    internal bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        Failure = Check(certificate as X509Certificate2, chain, errors);
        return Failure is null;
    }

    private TlsFailure? Check(X509Certificate2? leaf, X509Chain? chain, SslPolicyErrors errors)
    {
        if (leaf is null || chain is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return Io("TLS: the server sent no certificate", "tls-no-certificate");
        }

        var trusted = chain;
        using var fallback = new X509Chain();
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            // System roots first (as the platform would); then the configured roots, with whatever the server sent.
            if (trust.TrustSystemRoots && trust.Roots.Count > 0 && BuildWithConfiguredRoots(fallback, leaf, chain))
            {
                trusted = fallback;
            }
            else
            {
                return Untrusted(leaf, trust.TrustSystemRoots && trust.Roots.Count > 0 ? fallback : chain);
            }
        }

        // The stack checked the name it sent; this checks the canonical host too, whatever the stack sent.
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || !leaf.MatchesHostname(HostName))
        {
            return Io($"TLS: the certificate does not match host '{HostName}'", "tls-name-mismatch");
        }

        if (pins is not null && !MatchesAPin(trusted))
        {
            return new(new HostError.Denied(
                $"pin-mismatch: TLS: no certificate in the chain of '{HostName}' matches its pins (the server's key is {CertificatePin.Of(leaf)})"),
                "tls-pin-mismatch");
        }

        return null;
    }

    private bool BuildWithConfiguredRoots(X509Chain fallback, X509Certificate2 leaf, X509Chain chain)
    {
        fallback.ChainPolicy = trust.ChainPolicy(customRoots: true);
        fallback.ChainPolicy.ExtraStore.AddRange(chain.ChainPolicy.ExtraStore);
        fallback.ChainPolicy.VerificationTime = chain.ChainPolicy.VerificationTime;
        return fallback.Build(leaf);
    }

    private bool MatchesAPin(X509Chain chain) =>
        chain.ChainElements.Any(element =>
        {
            var hash = SHA256.HashData(element.Certificate.PublicKey.ExportSubjectPublicKeyInfo());
            return pins!.Any(pin => CryptographicOperations.FixedTimeEquals(pin, hash));
        });

    /// <summary>Names the most telling cause: expiry first (trust would not help), then an untrusted issuer, then the rest.</summary>
    private static TlsFailure Untrusted(X509Certificate2 leaf, X509Chain chain)
    {
        var flags = chain.ChainStatus.Select(status => status.Status).Where(status => status != X509ChainStatusFlags.NoError).Distinct().ToList();
        var named = flags.Count == 0 ? "no chain could be built" : string.Join(", ", flags);
        var now = chain.ChainPolicy.VerificationTime.ToUniversalTime();
        if (flags.Contains(X509ChainStatusFlags.NotTimeValid))
        {
            if (leaf.NotAfter.ToUniversalTime() < now)
            {
                return Io($"TLS: the certificate has expired (not valid after {leaf.NotAfter.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z; {named})", "tls-expired");
            }

            if (leaf.NotBefore.ToUniversalTime() > now)
            {
                return Io($"TLS: the certificate is not valid yet (not valid before {leaf.NotBefore.ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z; {named})", "tls-not-yet-valid");
            }

            return Io($"TLS: a certificate in the server's chain has expired or is not valid yet ({named})", "tls-expired");
        }

        if (flags.Contains(X509ChainStatusFlags.UntrustedRoot) || flags.Contains(X509ChainStatusFlags.PartialChain) || flags.Count == 0)
        {
            return Io($"TLS: the server's certificate chain is not trusted ({named})", "tls-untrusted");
        }

        return Io($"TLS: the server's certificate chain is not valid ({named})", "tls-invalid-chain");
    }

    private static TlsFailure Io(string message, string reason) => new(new HostError.Io(message), reason);
}
