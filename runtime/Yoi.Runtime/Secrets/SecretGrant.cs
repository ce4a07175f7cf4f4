using Yoi.Runtime.Policy;

namespace Yoi.Runtime.Secrets;

/// <summary>
/// What the user's grants file says of one secret (<c>[[plugin.secret]]</c>): where its value comes
/// from and the targets, per API, it may be sent to.
/// </summary>
public sealed record SecretGrant(
    string Name,
    SecretSource Source,
    IReadOnlyList<WebSocketTarget> WebSocketTargets,
    IReadOnlyList<RequestTarget> RequestTargets,
    SourceLocation Location)
{
    public IReadOnlyList<Target> Targets(HostApi api) => api == HostApi.WebSocket ? WebSocketTargets : RequestTargets;
}

/// <summary>Where a secret's value comes from. Neither form holds the value itself.</summary>
public abstract record SecretSource(SourceLocation Location)
{
    /// <summary>An environment variable of the host process.</summary>
    public sealed record Environment(string Variable, SourceLocation Location) : SecretSource(Location)
    {
        public override string ToString() => $"environment variable {Variable}";
    }

    /// <summary>A file only its owner may read (absolute, or relative to the grants file).</summary>
    public sealed record File(string Path, SourceLocation Location) : SecretSource(Location)
    {
        public override string ToString() => $"file {Path}";
    }
}
