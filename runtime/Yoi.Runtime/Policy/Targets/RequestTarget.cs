namespace Yoi.Runtime.Policy;

/// <summary>A request target; <c>*</c> in methods allows any method except CONNECT (broad).</summary>
public sealed record RequestTarget(
    string Scheme,
    HostPattern Host,
    PortRule Port,
    PathPrefixSet Paths,
    TokenRule Methods,
    SourceLocation? Location = null)
    : Target(Scheme, Host, Port, Paths, Location)
{
    public override HostApi Api => HostApi.Request;

    public override BroadParts Broadness =>
        base.Broadness | (Methods.IsBroad ? BroadParts.Methods : BroadParts.None);

    protected override string DescribeExtras() => $" methods [{Methods}]";
}
