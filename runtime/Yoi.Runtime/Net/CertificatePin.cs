using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Yoi.Runtime.Net;

/// <summary>
/// A certificate pin, <c>sha256/BASE64</c>: the SHA-256 of the DER SubjectPublicKeyInfo. Pinning the
/// key rather than the certificate keeps a pin valid across renewals that keep the key.
/// </summary>
public static class CertificatePin
{
    public const string Prefix = "sha256/";

    /// <summary>The pin of <paramref name="certificate"/>'s public key.</summary>
    public static string Of(X509Certificate2 certificate) =>
        Prefix + Convert.ToBase64String(SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));

    /// <summary>The 32 hash bytes of a pin, or what is wrong with its text.</summary>
    internal static Result<byte[], string> Parse(string? text)
    {
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return Result<byte[], string>.Fail($"the pin '{text}' does not start with '{Prefix}'");
        }

        var hash = new byte[SHA256.HashSizeInBytes];
        var base64 = text[Prefix.Length..];
        if (!Convert.TryFromBase64String(base64, hash, out var written) || written != hash.Length || base64.Length != 44)
        {
            return Result<byte[], string>.Fail($"the pin '{text}' is not '{Prefix}' followed by the base64 of a 32-byte SHA-256 hash");
        }

        return Result<byte[], string>.Ok(hash);
    }
}
