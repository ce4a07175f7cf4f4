using System.Collections.Immutable;

namespace Yoi.Mocks.Discord;

/// <summary>One gateway WebSocket connection, as it stands: what came in, what went out, how it ended.</summary>
public sealed record ConnectionRecord
{
    /// <summary>1 for the first connection the server accepted, then 2, 3, …</summary>
    public required int Id { get; init; }

    /// <summary>The request path, e.g. <c>/gateway</c> or <c>/resume-gateway</c>.</summary>
    public required string Path { get; init; }

    /// <summary>The request query string, with its <c>?</c> (empty when none).</summary>
    public required string Query { get; init; }

    /// <summary>When the WebSocket was accepted.</summary>
    public required DateTimeOffset OpenedAt { get; init; }

    /// <summary>When the Hello delay (<see cref="MockGatewayOptions.HelloDelay"/>) started, or null when there is none or before.</summary>
    public DateTimeOffset? HelloDelayStartedAt { get; init; }

    /// <summary>When Hello was sent, or null before.</summary>
    public DateTimeOffset? HelloSentAt { get; init; }

    /// <summary>The session the connection is authenticated for (by Identify or Resume), or null.</summary>
    public string? SessionId { get; init; }

    /// <summary>Every text frame received, in order.</summary>
    public ImmutableList<ReceivedFrame> Received { get; init; } = [];

    /// <summary>Every frame sent, in order (close frames excepted: see <see cref="ServerCloseCode"/>).</summary>
    public ImmutableList<SentFrame> Sent { get; init; } = [];

    /// <summary>The heartbeats received.</summary>
    public ImmutableList<HeartbeatRecord> Heartbeats { get; init; } = [];

    /// <summary>The Identify payloads received.</summary>
    public ImmutableList<IdentifyRecord> Identifies { get; init; } = [];

    /// <summary>The Resume payloads received.</summary>
    public ImmutableList<ResumeRecord> Resumes { get; init; } = [];

    /// <summary>The close code the client sent (its own close, or its answer to the server's), or null.</summary>
    public int? ClientCloseCode { get; init; }

    /// <summary>The reason the client sent with its close, or null.</summary>
    public string? ClientCloseReason { get; init; }

    /// <summary>The close code the server sent, or null.</summary>
    public int? ServerCloseCode { get; init; }

    /// <summary>The reason the server sent with its close, or null.</summary>
    public string? ServerCloseReason { get; init; }

    /// <summary>How the connection ended, or null while it is open.</summary>
    public ConnectionEnd? End { get; init; }

    /// <summary>When it ended, or null while it is open.</summary>
    public DateTimeOffset? ClosedAt { get; init; }

    /// <summary>Whether the connection is still open.</summary>
    public bool IsOpen => End is null;

    /// <summary>Whether it is open and authenticated (identified or resumed).</summary>
    public bool IsReady => IsOpen && SessionId is not null;
}

/// <summary>How a gateway connection ended.</summary>
public enum ConnectionEnd
{
    /// <summary>The client sent a close frame first.</summary>
    ClientClosed,

    /// <summary>The server sent a close frame first (a script, or a protocol error); the client answered or was cut off 2 s later.</summary>
    ServerClosed,

    /// <summary>A script dropped it: the TCP connection was aborted without a close frame.</summary>
    Dropped,

    /// <summary>The client went away without a close frame.</summary>
    Lost,

    /// <summary>A Resume of its session on another connection replaced it (it was aborted).</summary>
    Superseded,

    /// <summary>The mock was disposed.</summary>
    Stopped,
}
