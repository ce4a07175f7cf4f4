namespace Yoi.Runtime.WebSockets;

/// <summary>What a <see cref="WebSocketConnection"/> tells the session that owns it.</summary>
internal interface IConnectionOwner
{
    /// <summary>The socket is gone: the connection stops counting against the caps.</summary>
    void Released(WebSocketConnection connection);

    /// <summary>The lifetime or idle bound ran out; the connection is closing itself, and recv's last item says why.</summary>
    void Expired(WebSocketConnection connection, string why);

    /// <summary>An item (message, close or error) was queued for recv; called outside the buffer's lock.</summary>
    void ItemBuffered(WebSocketConnection connection);

    /// <summary>Background work of the connection (its pump or its close) failed unexpectedly: a host bug.</summary>
    void Faulted(WebSocketConnection connection, Exception error);
}
