using Yoi.Runtime.Policy;

namespace Yoi.Runtime.Tests.Policy;

/// <summary>Builds targets through the same part parsers the manifest reader uses.</summary>
internal static class TestTargets
{
    public static WebSocketTarget Ws(
        string host,
        string scheme = "wss",
        int? port = null,
        bool anyPort = false,
        string[]? paths = null,
        string[]? subprotocols = null,
        string? label = null) =>
        new(scheme, Host(host), Port(scheme, port, anyPort), Paths(paths), Tokens(subprotocols ?? [], "subprotocol"), Where(label));

    public static RequestTarget Http(
        string host,
        string scheme = "https",
        int? port = null,
        bool anyPort = false,
        string[]? paths = null,
        string[]? methods = null,
        string? label = null) =>
        new(scheme, Host(host), Port(scheme, port, anyPort), Paths(paths), Tokens(methods ?? ["GET"], "method"), Where(label));

    public static HostPattern Host(string text)
    {
        var result = HostPattern.Parse(text);
        Assert.True(result.IsOk, result.ToString());
        return result.Value;
    }

    private static PortRule Port(string scheme, int? port, bool anyPort) =>
        anyPort ? PortRule.Any : PortRule.Exactly(port ?? CanonicalUrl.DefaultPort(scheme)).Value;

    private static PathPrefixSet Paths(string[]? paths) => PathPrefixSet.Create(paths ?? []).Value;

    private static TokenRule Tokens(string[] tokens, string what) => TokenRule.Create(tokens, what).Value;

    private static SourceLocation? Where(string? label) => label is null ? null : new SourceLocation(label, 1, 1);
}
