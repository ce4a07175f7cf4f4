using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Yoi.Runtime.Net;

/// <summary>
/// Reads a PEM bundle of certificates (for <see cref="TlsOptions.TrustedRoots"/>): every
/// <c>CERTIFICATE</c> block, in order. Other blocks (keys, parameters) are skipped; a file with no
/// certificate, or a block that does not decode, is an error naming the file and the block's line.
/// </summary>
public static class PemCertificates
{
    public static Result<IReadOnlyList<X509Certificate2>, string> ReadFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return Fail($"{path}: error: cannot read the certificate file: {e.Message}");
        }

        return Read(text, path);
    }

    /// <param name="name">The file's name, for errors.</param>
    public static Result<IReadOnlyList<X509Certificate2>, string> Read(string text, string name)
    {
        var certificates = new List<X509Certificate2>();
        var offset = 0;
        while (PemEncoding.TryFind(text.AsSpan(offset), out var fields))
        {
            var start = offset + fields.Location.Start.Value;
            var line = 1 + text.AsSpan(0, start).Count('\n');
            if (text.AsSpan(offset)[fields.Label].SequenceEqual("CERTIFICATE"))
            {
                try
                {
                    var der = Convert.FromBase64String(text.Substring(offset + fields.Base64Data.Start.Value, fields.Base64Data.End.Value - fields.Base64Data.Start.Value));
                    certificates.Add(X509CertificateLoader.LoadCertificate(der));
                }
                catch (CryptographicException e)
                {
                    return Fail($"{name}:{line}:1: error: the CERTIFICATE block is not a certificate: {e.Message}");
                }
            }

            offset += fields.Location.End.Value;
        }

        return certificates.Count == 0
            ? Fail($"{name}: error: no '-----BEGIN CERTIFICATE-----' block found")
            : Result<IReadOnlyList<X509Certificate2>, string>.Ok(certificates);
    }

    private static Result<IReadOnlyList<X509Certificate2>, string> Fail(string message) =>
        Result<IReadOnlyList<X509Certificate2>, string>.Fail(message);
}
