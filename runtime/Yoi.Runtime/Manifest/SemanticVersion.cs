using System.Globalization;
using System.Text.RegularExpressions;

namespace Yoi.Runtime.Manifest;

/// <summary>A Semantic Versioning 2.0.0 version; grants bind to it exactly (build metadata included).</summary>
public sealed partial record SemanticVersion(int Major, int Minor, int Patch, string? Prerelease, string? Build)
{
    // The regular expression published at semver.org (no leading zeros, dot-separated identifiers).
    [GeneratedRegex(@"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static Result<SemanticVersion, string> Parse(string text)
    {
        var match = Pattern().Match(text);
        if (!match.Success)
        {
            return Result<SemanticVersion, string>.Fail($"'{text}' is not a semantic version (MAJOR.MINOR.PATCH, e.g. 1.2.0 or 1.2.0-beta.1)");
        }

        if (!int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var major)
            || !int.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var minor)
            || !int.TryParse(match.Groups[3].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var patch))
        {
            return Result<SemanticVersion, string>.Fail($"'{text}' has a version number that is too large");
        }

        var prerelease = match.Groups[4].Success ? match.Groups[4].Value : null;
        var build = match.Groups[5].Success ? match.Groups[5].Value : null;
        return Result<SemanticVersion, string>.Ok(new SemanticVersion(major, minor, patch, prerelease, build));
    }

    public override string ToString() =>
        $"{Major}.{Minor}.{Patch}{(Prerelease is null ? "" : "-" + Prerelease)}{(Build is null ? "" : "+" + Build)}";
}
