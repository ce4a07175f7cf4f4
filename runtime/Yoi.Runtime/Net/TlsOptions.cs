using System.Security.Cryptography.X509Certificates;

namespace Yoi.Runtime.Net;

/// <summary>
/// How the host checks the servers its plugins reach over <c>wss</c> and <c>https</c>: one value for the
/// WebSocket pool and the request API. Only the host sets it; nothing a plugin sends can change it.
/// The default is the platform's: the system trust store, TLS 1.2 or 1.3.
/// <list type="bullet">
/// <item><see cref="TrustedRoots"/> are trusted besides the system store, or instead of it when
/// <see cref="TrustSystemRoots"/> is false (custom root trust).</item>
/// <item><see cref="Pins"/> narrow trust per host further: a chain that is trusted but matches none of
/// its host's pins is <c>denied</c>. A pin never makes an untrusted chain trusted.</item>
/// </list>
/// <see cref="Validate"/> refuses unusable settings (custom trust without roots, a malformed pin or host).
/// </summary>
public sealed record TlsOptions
{
    public static TlsOptions Default { get; } = new();

    /// <summary>Root certificates (self-signed CAs, or a self-signed server certificate) trusted for server chains.</summary>
    public IReadOnlyList<X509Certificate2> TrustedRoots { get; init; } = [];

    /// <summary>False: only <see cref="TrustedRoots"/> are trusted, the system store is not consulted.</summary>
    public bool TrustSystemRoots { get; init; } = true;

    /// <summary>
    /// Per host (written as in a URL: <c>api.example.com</c>, <c>127.0.0.1</c>, <c>[::1]</c>; any port),
    /// the pins one of which must match a certificate of the validated chain (leaf, intermediate or root).
    /// A pin is <c>sha256/BASE64</c>: the SHA-256 of the certificate's DER SubjectPublicKeyInfo, in
    /// standard base64 (the HPKP / <c>curl --pinnedpubkey</c> form); see <see cref="CertificatePin"/>.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Pins { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Null when the options are usable, else what is wrong.</summary>
    public string? Validate() => TlsTrust.Create(this).TryGetValue(out _, out var problem) ? null : problem;
}
