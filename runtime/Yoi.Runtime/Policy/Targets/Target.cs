namespace Yoi.Runtime.Policy;

/// <summary>
/// Something a manifest declares or a grant allows: a scheme, a host pattern, a port rule and
/// path prefixes, plus per-API parts in the subclasses.
/// </summary>
public abstract record Target(string Scheme, HostPattern Host, PortRule Port, PathPrefixSet Paths, SourceLocation? Location)
{
    public abstract HostApi Api { get; }

    public virtual BroadParts Broadness =>
        (Host.IsBroad ? BroadParts.Host : BroadParts.None)
        | (Port.IsAny ? BroadParts.Port : BroadParts.None)
        | (Paths.IsBroad ? BroadParts.Paths : BroadParts.None);

    public bool IsBroad => Broadness != BroadParts.None;

    /// <summary>A private-class IP/CIDR or localhost host, written on purpose.</summary>
    public bool NamesPrivateExplicitly => Host.NamesPrivateExplicitly;

    /// <summary>One line for explanations: api, scheme://host:port, paths, extras, and where it was written.</summary>
    public string Describe()
    {
        var where = Location is null ? "" : $" at {Location}";
        return $"[[{Api.Name()}]] {Scheme}://{Host}:{Port} paths [{Paths}]{DescribeExtras()}{where}";
    }

    protected abstract string DescribeExtras();
}
