namespace Yoi.Runtime.Policy;

/// <summary>What a plugin asks for: a canonical URL plus the API-specific part.</summary>
public abstract record AccessRequest(CanonicalUrl Url)
{
    public abstract HostApi Api { get; }
}

/// <summary>A websocket open; <paramref name="Subprotocols"/> are the ones the plugin offers the server.</summary>
public sealed record WebSocketAccess(CanonicalUrl Url, IReadOnlyList<string> Subprotocols) : AccessRequest(Url)
{
    public override HostApi Api => HostApi.WebSocket;

    public override string ToString() =>
        Subprotocols.Count == 0 ? $"websocket {Url}" : $"websocket {Url} subprotocols [{string.Join(", ", Subprotocols)}]";
}

public sealed record HttpAccess(CanonicalUrl Url, string Method) : AccessRequest(Url)
{
    public override HostApi Api => HostApi.Request;

    public override string ToString() => $"request {Method} {Url}";
}
