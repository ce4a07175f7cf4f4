namespace Yoi.Runtime.Net;

/// <summary>
/// Mirrors <c>yoi:host/types.host-error</c>: every failure a plugin can cause or meet is one of these
/// values. The host throws only on its own bugs.
/// </summary>
public abstract record HostError
{
    private HostError()
    {
    }

    /// <summary>The policy refused: not declared, not granted, a private address, a forbidden header or subprotocol, a redirect.</summary>
    public sealed record Denied(string Message) : HostError;

    /// <summary>A bound was hit; the text names the bound and its value.</summary>
    public sealed record Limit(string Message) : HostError;

    /// <summary>Unknown, closed, expired, or another instance's handle.</summary>
    public sealed record InvalidHandle : HostError
    {
        public override string ToString() => "invalid-handle";
    }

    public sealed record Timeout : HostError
    {
        public override string ToString() => "timeout";
    }

    /// <summary>The peer or the network failed.</summary>
    public sealed record Io(string Message) : HostError;

    /// <summary>A malformed URL, header, close code or reason.</summary>
    public sealed record InvalidArgument(string Message) : HostError;

    public static HostError InvalidHandleError { get; } = new InvalidHandle();

    public static HostError TimeoutError { get; } = new Timeout();
}
