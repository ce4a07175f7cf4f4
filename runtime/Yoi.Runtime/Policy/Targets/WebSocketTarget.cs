namespace Yoi.Runtime.Policy;

/// <summary>
/// A websocket target. An empty subprotocol rule allows only connections that request none;
/// <c>*</c> allows any requested subprotocol (broad).
/// </summary>
public sealed record WebSocketTarget(
    string Scheme,
    HostPattern Host,
    PortRule Port,
    PathPrefixSet Paths,
    TokenRule Subprotocols,
    SourceLocation? Location = null)
    : Target(Scheme, Host, Port, Paths, Location)
{
    public override HostApi Api => HostApi.WebSocket;

    public override BroadParts Broadness =>
        base.Broadness | (Subprotocols.IsBroad ? BroadParts.Subprotocols : BroadParts.None);

    protected override string DescribeExtras() => $" subprotocols [{Subprotocols}]";
}
