namespace Yoi.Runtime.WebSockets;

/// <summary>
/// The bounds on host-owned WebSocket connections. Defaults follow the design: every value can be
/// changed by the host, none by a plugin. <see cref="Validate"/> refuses nonsense (zero or negative
/// bounds, a buffer smaller than one message).
/// </summary>
public sealed record WebSocketLimits
{
    public static WebSocketLimits Default { get; } = new();

    /// <summary>Open connections per plugin instance (session).</summary>
    public int MaxConnectionsPerInstance { get; init; } = 4;

    /// <summary>Open connections across every session of one host.</summary>
    public int MaxConnectionsPerHost { get; init; } = 256;

    /// <summary>
    /// Largest message, text (UTF-8 bytes) or binary, in either direction. A gateway host may raise it
    /// (e.g. to 1 MiB) with <see cref="MaxBufferedBytes"/> at least as large; incoming messages are assembled
    /// in a pooled buffer that grows only as far as the message needs.
    /// </summary>
    public int MaxMessageBytes { get; init; } = 64 * 1024;

    /// <summary>
    /// Most frames one incoming message may arrive in; more ends the connection with 1009 and queues
    /// <c>limit</c>. Empty frames count too, so a stream of empty continuations cannot be read forever.
    /// </summary>
    public int MaxMessageFrames { get; init; } = 1024;

    /// <summary>Resolve, TCP, TLS and the upgrade together.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>One send, including waiting for a send already in progress.</summary>
    public TimeSpan SendTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest a single recv call may wait; longer requests are clamped.</summary>
    public TimeSpan MaxRecvWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Absolute lifetime of a connection, counted from the open.</summary>
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// A connection with no traffic for this long is closed. Traffic is a data message sent (its send
    /// finished) or a whole data message read from the socket (buffered for recv, drained or not). Not
    /// traffic: recv calls, refused sends, partial messages, and pings/pongs, which the BCL answers
    /// inside the socket where the host cannot see them. While the receive buffer is full the host
    /// reads nothing, so a plugin that stops calling recv also stops the incoming side's clock.
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a close handshake may take before the socket is aborted.</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Messages buffered per connection before the host stops reading from the socket.</summary>
    public int MaxBufferedMessages { get; init; } = 16;

    /// <summary>Bytes buffered per connection; the pump reads on only while a whole maximum-size message still fits.</summary>
    public int MaxBufferedBytes { get; init; } = 256 * 1024;

    /// <summary>
    /// Messages one connection may send in any <see cref="SendWindow"/> (sliding); one more is refused with
    /// <c>limit</c> and nothing is sent. Both send paths count. The default is a chat gateway's documented
    /// limit (120 per 60 s), so a plugin cannot get the host's address rate-limited or banned. Null
    /// means no budget, for hosts whose peers set no rate (a local service, a throughput benchmark).
    /// </summary>
    public int? MaxSendsPerWindow { get; init; } = 120;

    /// <summary>The span <see cref="MaxSendsPerWindow"/> is counted over.</summary>
    public TimeSpan SendWindow { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The largest <see cref="MaxBufferedBytes"/> (and so <see cref="MaxMessageBytes"/>) a host may set: 1 GiB.</summary>
    public const int MaxByteBound = 1024 * 1024 * 1024;

    /// <summary>The largest send budget a host may set (the budget keeps one timestamp per message).</summary>
    public const int MaxSendBudget = 100_000;

    /// <summary>Null when the limits are usable, else what is wrong.</summary>
    public string? Validate()
    {
        if (MaxConnectionsPerInstance < 1 || MaxConnectionsPerHost < 1)
        {
            return "connection caps must be at least 1";
        }

        if (MaxMessageBytes < 1 || MaxMessageFrames < 1 || MaxBufferedMessages < 1)
        {
            return "message size, frames per message and buffered message count must be at least 1";
        }

        if (MaxBufferedBytes > MaxByteBound)
        {
            return $"the receive buffer may be at most {MaxByteBound} bytes (1 GiB), so byte counts cannot overflow";
        }

        if (MaxBufferedBytes < MaxMessageBytes)
        {
            return $"the receive buffer ({MaxBufferedBytes} bytes) must hold at least one message ({MaxMessageBytes} bytes)";
        }

        if (MaxSendsPerWindow is < 1 or > MaxSendBudget)
        {
            return $"the send budget must be 1 to {MaxSendBudget} messages per window";
        }

        TimeSpan[] spans = [SendWindow, ConnectTimeout, SendTimeout, MaxRecvWait, Lifetime, IdleTimeout, CloseTimeout];
        return spans.Any(span => span <= TimeSpan.Zero) ? "every timeout and the send window must be positive" : null;
    }
}
