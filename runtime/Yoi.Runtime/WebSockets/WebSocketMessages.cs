using Yoi.Runtime.Secrets;

namespace Yoi.Runtime.WebSockets;

/// <summary>Mirrors <c>websocket.message</c>: a UTF-8 text frame or a binary frame.</summary>
public abstract record WebSocketMessage
{
    private WebSocketMessage()
    {
    }

    public sealed record Text(string Value) : WebSocketMessage;

    public sealed record Binary(ReadOnlyMemory<byte> Value) : WebSocketMessage
    {
        // Records compare memory by reference; compare content so tests and callers get value semantics.
        public bool Equals(Binary? other) => other is not null && Value.Span.SequenceEqual(other.Value.Span);

        public override int GetHashCode() => Value.Length;
    }
}

/// <summary>Mirrors <c>websocket.close-frame</c>.</summary>
public sealed record CloseFrame(ushort Code, string Reason);

/// <summary>Mirrors <c>websocket.incoming</c>: what a recv returns.</summary>
public abstract record WebSocketIncoming
{
    private WebSocketIncoming()
    {
    }

    public sealed record Message(WebSocketMessage Value) : WebSocketIncoming;

    public sealed record Closed(CloseFrame Frame) : WebSocketIncoming;
}

/// <summary>Mirrors <c>websocket.open-request</c>. A header's value may be a secret reference.</summary>
public sealed record OpenRequest(string Url, IReadOnlyList<string> Subprotocols, IReadOnlyList<PluginHeader> Headers)
{
    public OpenRequest(string url)
        : this(url, [], [])
    {
    }
}

/// <summary>Mirrors <c>websocket.opened</c>.</summary>
public sealed record OpenedConnection(uint Connection, string? Subprotocol);
