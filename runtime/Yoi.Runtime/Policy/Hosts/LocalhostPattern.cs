namespace Yoi.Runtime.Policy;

/// <summary>The name <c>localhost</c>, which may only ever reach loopback addresses.</summary>
public sealed record LocalhostPattern : HostPattern
{
    public override bool Matches(UrlHost host) => host is DnsHost { IsLocalhost: true };

    public override bool NamesPrivateExplicitly => true;

    public override string ToString() => "localhost";
}
