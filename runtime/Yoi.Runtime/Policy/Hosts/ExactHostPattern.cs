namespace Yoi.Runtime.Policy;

public sealed record ExactHostPattern(string Name) : HostPattern
{
    public override bool Matches(UrlHost host) => host is DnsHost dns && dns.Name == Name;

    public override bool NamesPrivateExplicitly => false;

    public override string ToString() => Name;
}
