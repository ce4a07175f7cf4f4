namespace Yoi.Runtime.Policy;

/// <summary>Why a URL string was refused before any policy ran.</summary>
public enum UrlErrorCode
{
    Empty,
    TooLong,
    ControlOrWhitespace,
    MissingScheme,
    UnsupportedScheme,
    MissingAuthority,
    UserInfo,
    Fragment,
    EmptyHost,
    InvalidHost,
    InvalidIpLiteral,
    InvalidPort,
    PortOutOfRange,
    Backslash,
    EncodedSlash,
    EncodedControlCharacter,
    InvalidPercentEncoding,
    EmptyPathSegment,
    InvalidPath,
    UnpairedSurrogate,
}

public sealed record UrlError(UrlErrorCode Code, string Message)
{
    public override string ToString() => $"{Code}: {Message}";
}
