using Yoi.Runtime.Manifest.Toml;
using Yoi.Runtime.Policy;

namespace Yoi.Runtime.Manifest;

/// <summary>
/// Reads one <c>[[websocket]]</c> or <c>[[request]]</c> table (in a manifest or under a grant's
/// <c>[[plugin]]</c>) into a target, reporting each bad key at its own line.
/// <code>
/// scheme = "wss"                    # required: ws|wss, or http|https for request
/// host = "example.com"              # required: name, *.suffix, IP, CIDR or localhost
/// port = 443                        # optional: 1-65535 or "any"; default from the scheme
/// path_prefixes = ["/gateway"]      # optional: omitted or empty = every path (broad)
/// subprotocols = ["chat"]           # websocket, optional: omitted = none; "*" = any
/// methods = ["GET"]                 # request, required: tokens; "*" = any but CONNECT
/// </code>
/// </summary>
internal static class TargetEntryReader
{
    public static Target? Read(TableReader entry, HostApi api)
    {
        var scheme = ReadScheme(entry, api);
        var host = ReadHost(entry);
        var port = ReadPort(entry, scheme);
        var paths = ReadPaths(entry);
        var extra = api == HostApi.WebSocket ? ReadSubprotocols(entry) : ReadMethods(entry);
        entry.ReportUnknownKeys();

        if (scheme is null || host is null || port is null || paths is null || extra is null)
        {
            return null;
        }

        return api == HostApi.WebSocket
            ? new WebSocketTarget(scheme, host, port, paths, extra, entry.Location)
            : new RequestTarget(scheme, host, port, paths, extra, entry.Location);
    }

    private static string? ReadScheme(TableReader entry, HostApi api)
    {
        var scheme = entry.String("scheme", required: true);
        if (scheme is null)
        {
            return null;
        }

        var (text, location) = scheme.Value;
        if (!api.AllowsScheme(text))
        {
            entry.Error(location, ManifestErrorKind.InvalidValue,
                $"scheme '{text}' is not allowed in {entry.Context}; use {api.SchemeList()} (lower-case)");
            return null;
        }

        return text;
    }

    private static HostPattern? ReadHost(TableReader entry)
    {
        var host = entry.String("host", required: true);
        if (host is null)
        {
            return null;
        }

        var (text, location) = host.Value;
        if (text.Length == 0)
        {
            entry.Error(location, ManifestErrorKind.InvalidValue, $"the host in {entry.Context} is empty");
            return null;
        }

        var parsed = HostPattern.Parse(text);
        if (!parsed.TryGetValue(out var pattern, out var error))
        {
            entry.Error(location, ManifestErrorKind.InvalidValue, $"invalid host in {entry.Context}: {error}");
            return null;
        }

        return pattern;
    }

    private static PortRule? ReadPort(TableReader entry, string? scheme)
    {
        var node = entry.Node("port", required: false);
        switch (node)
        {
            case null:
                // Without a valid scheme there is no default; the scheme error is already reported.
                return scheme is null ? null : PortRule.Exactly(CanonicalUrl.DefaultPort(scheme)).Value;
            case TomlScalarNode { Value: long number }:
                var rule = PortRule.Exactly(number);
                if (!rule.IsOk)
                {
                    entry.Error(node.Location, ManifestErrorKind.InvalidValue, $"{rule.Error} in {entry.Context}");
                    return null;
                }

                return rule.Value;
            case TomlScalarNode { Value: "any" }:
                return PortRule.Any;
            case TomlScalarNode { Value: string other }:
                entry.Error(node.Location, ManifestErrorKind.InvalidValue, $"port must be a number or \"any\", found \"{other}\"");
                return null;
            default:
                entry.WrongType("port", node, "an integer or \"any\"");
                return null;
        }
    }

    private static PathPrefixSet? ReadPaths(TableReader entry)
    {
        var items = entry.StringArray("path_prefixes", required: false);
        if (items is null)
        {
            return entry.Node("path_prefixes", required: false) is null ? PathPrefixSet.All : null;
        }

        var prefixes = new List<string>();
        var ok = true;
        foreach (var (text, location) in items)
        {
            var prefix = PathPrefixSet.ParsePrefix(text);
            if (prefix.TryGetValue(out var canonical, out var error))
            {
                prefixes.Add(canonical);
            }
            else
            {
                entry.Error(location, ManifestErrorKind.InvalidValue, error);
                ok = false;
            }
        }

        return ok ? PathPrefixSet.Create(prefixes).Value : null;
    }

    private static TokenRule? ReadSubprotocols(TableReader entry)
    {
        var items = entry.StringArray("subprotocols", required: false);
        if (items is null)
        {
            return entry.Node("subprotocols", required: false) is null ? TokenRule.None : null;
        }

        return ReadTokens(entry, items, "subprotocol");
    }

    private static TokenRule? ReadMethods(TableReader entry)
    {
        var items = entry.StringArray("methods", required: true);
        if (items is null)
        {
            return null;
        }

        if (items.Count == 0)
        {
            entry.Error(entry.Location, ManifestErrorKind.InvalidValue, $"'methods' in {entry.Context} is empty; list methods such as \"GET\" or \"*\"");
            return null;
        }

        foreach (var (text, location) in items.Where(item => item.Value == "CONNECT"))
        {
            entry.Error(location, ManifestErrorKind.InvalidValue, "CONNECT opens a tunnel; the request API does not allow it");
            return null;
        }

        return ReadTokens(entry, items, "method");
    }

    private static TokenRule? ReadTokens(TableReader entry, IReadOnlyList<(string Value, SourceLocation Location)> items, string what)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var ok = true;
        foreach (var (text, location) in items)
        {
            if (text != TokenRule.AnyToken && !HttpToken.IsValid(text))
            {
                entry.Error(location, ManifestErrorKind.InvalidValue,
                    $"'{text}' is not a valid {what} (an RFC 7230 token: letters, digits and !#$%&'*+-.^_`|~)");
                ok = false;
            }
            else if (!seen.Add(text))
            {
                entry.Error(location, ManifestErrorKind.Duplicate, $"the {what} '{text}' is listed twice");
                ok = false;
            }
        }

        return ok ? TokenRule.Create(items.Select(item => item.Value), what).Value : null;
    }
}
