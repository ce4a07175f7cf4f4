namespace Yoi.Runtime.Manifest;

/// <summary>"sha256:&lt;64 hex digits&gt;", the digest of the component file a grant is bound to.</summary>
public sealed record ContentDigest
{
    private const string Prefix = "sha256:";
    private const int HexLength = 64;

    private ContentDigest(string hex) => Hex = hex;

    public string Algorithm => "sha256";

    /// <summary>Lower-case hex.</summary>
    public string Hex { get; }

    public static Result<ContentDigest, string> Parse(string text)
    {
        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return Result<ContentDigest, string>.Fail($"'{text}' is not a digest; expected 'sha256:' followed by {HexLength} hex digits");
        }

        var hex = text[Prefix.Length..];
        if (hex.Length != HexLength || !hex.All(char.IsAsciiHexDigit))
        {
            return Result<ContentDigest, string>.Fail($"the sha256 digest must be {HexLength} hex digits, found '{hex}'");
        }

        return Result<ContentDigest, string>.Ok(new ContentDigest(hex.ToLowerInvariant()));
    }

    /// <summary>The digest of some bytes, for hosts that hash the component they load.</summary>
    public static ContentDigest Of(ReadOnlySpan<byte> content) =>
        new(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content)));

    public override string ToString() => Prefix + Hex;
}
