namespace Yoi.Runtime.Policy;

/// <summary><c>*.example.com</c>: any name below example.com at any depth, but not example.com itself.</summary>
public sealed record WildcardHostPattern(string Suffix) : HostPattern
{
    public override bool Matches(UrlHost host) =>
        host is DnsHost dns && dns.Name.EndsWith("." + Suffix, StringComparison.Ordinal);

    public override bool IsBroad => true;

    public override bool NamesPrivateExplicitly => false;

    public override string ToString() => "*." + Suffix;

    internal static new Result<HostPattern, string> Parse(string text)
    {
        var suffix = HostNameCanonicalizer.Canonicalize(text[2..]);
        if (!suffix.TryGetValue(out var canonical, out var error))
        {
            return Fail($"'{text}': {error.Message}");
        }

        return canonical is DnsHost { IsLocalhost: false } dns
            ? Result<HostPattern, string>.Ok(new WildcardHostPattern(dns.Name))
            : Fail($"'{text}': a wildcard needs a DNS name suffix");
    }
}
