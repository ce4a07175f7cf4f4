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
    /// <summary>Nothing follows the ':' that starts the port.</summary>
    EmptyPort,
    /// <summary>A character of the port is not an ASCII digit.</summary>
    InvalidPort,
    /// <summary>More than five digits, whatever their value.</summary>
    PortTooLong,
    PortOutOfRange,
    Backslash,
    EncodedSlash,
    EncodedControlCharacter,
    InvalidPercentEncoding,
    EmptyPathSegment,
    /// <summary>A segment such as <c>..;x</c> or <c>.;x</c>: a dot segment to servers that strip matrix parameters first.</summary>
    DotSegmentWithParameters,
    /// <summary>An escape that is itself escaped (<c>%252e</c>) and decodes to '.', '/' or '' on a second pass.</summary>
    DoubleEncoding,
    /// <summary>A UTF-8 sequence longer than needed (<c>%C0%AE</c>); lenient decoders read it as the short form.</summary>
    OverlongUtf8,
    /// <summary>Escaped bytes (or a lone surrogate) that are not UTF-8 at all.</summary>
    InvalidUtf8,
    /// <summary>A character that Unicode compatibility normalisation turns into '.', '/', '' or '%'.</summary>
    LookalikeCharacter,
    InvalidPath,
    UnpairedSurrogate,

    /// <summary>A Unicode noncharacter (U+FDD0-U+FDEF, U+xFFFE, U+xFFFF) in the path, raw or escaped.</summary>
    NonCharacter,
}

public sealed record UrlError(UrlErrorCode Code, string Message)
{
    public override string ToString() => $"{Code}: {Message}";
}
