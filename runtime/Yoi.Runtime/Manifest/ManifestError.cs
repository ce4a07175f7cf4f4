namespace Yoi.Runtime.Manifest;

public enum ManifestErrorKind
{
    /// <summary>The file is not valid TOML.</summary>
    Syntax,
    UnknownKey,
    MissingKey,
    /// <summary>A value of the wrong TOML type (a number where a string belongs, ...).</summary>
    WrongType,
    InvalidValue,
    /// <summary>A target section whose API is not listed in host_api.</summary>
    ApiNotListed,
    Duplicate,
}

/// <summary>One problem in a plugin.toml or grants file, at the place a person has to fix it.</summary>
public sealed record ManifestError(SourceLocation Location, ManifestErrorKind Kind, string Message)
{
    public override string ToString() => $"{Location}: error: {Message}";
}
