namespace Yoi.Runtime.Policy;

public enum HeaderRefusalReason
{
    /// <summary>The name is not an RFC 7230 token.</summary>
    InvalidName,
    /// <summary>The value holds CR, LF, NUL, another control character or non-ASCII text.</summary>
    InvalidValue,
    /// <summary>The header carries credentials: refused as a plain value (only a granted secret may go there).</summary>
    Credential,
    /// <summary>The host's HTTP/WebSocket stack owns this header.</summary>
    ProtocolOwned,
}

public sealed record HeaderRefusal(string Name, HeaderRefusalReason Reason, string Message)
{
    public override string ToString() => $"{Reason}: {Message}";
}
