namespace Yoi.Runtime.Policy;

/// <summary>
/// Canonical path prefixes matched on segment boundaries: <c>/gateway</c> covers <c>/gateway</c> and
/// <c>/gateway/x</c> but not <c>/gatewayadmin</c>. An empty set, or one containing <c>/</c>, covers
/// every path and is broad.
/// </summary>
public sealed record PathPrefixSet
{
    private PathPrefixSet(IReadOnlyList<string> prefixes) => Prefixes = prefixes;

    public static PathPrefixSet All { get; } = new([]);

    public IReadOnlyList<string> Prefixes { get; }

    public bool IsBroad => Prefixes.Count == 0 || Prefixes.Contains("/");

    public static Result<PathPrefixSet, string> Create(IEnumerable<string> prefixes)
    {
        var canonical = new List<string>();
        foreach (var prefix in prefixes)
        {
            var parsed = ParsePrefix(prefix);
            if (!parsed.TryGetValue(out var value, out var error))
            {
                return Result<PathPrefixSet, string>.Fail(error);
            }

            canonical.Add(value);
        }

        return Result<PathPrefixSet, string>.Ok(new PathPrefixSet(canonical));
    }

    /// <summary>
    /// A prefix must already be in canonical shape apart from escapes: leading '/', no query or
    /// fragment, no dot segments (a prefix that means something else after normalisation is a trap),
    /// and nothing <see cref="UrlPath"/> would refuse in a URL.
    /// </summary>
    public static Result<string, string> ParsePrefix(string prefix)
    {
        if (!prefix.StartsWith('/'))
        {
            return Result<string, string>.Fail($"the path prefix '{prefix}' must start with '/'");
        }

        if (prefix.IndexOfAny(['?', '#']) >= 0)
        {
            return Result<string, string>.Fail($"the path prefix '{prefix}' must not contain '?' or '#'");
        }

        if (prefix.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            return Result<string, string>.Fail($"the path prefix '{prefix}' contains whitespace or control characters");
        }

        var canonical = UrlPath.CanonicalizePrefix(prefix);
        return canonical.TryGetValue(out var value, out var error)
            ? Result<string, string>.Ok(value)
            : Result<string, string>.Fail($"the path prefix '{prefix}': {error.Message}");
    }

    /// <param name="canonicalPath">A path from <see cref="CanonicalUrl.Path"/>.</param>
    public bool Allows(string canonicalPath) =>
        Prefixes.Count == 0 || Prefixes.Any(prefix => UrlPath.IsUnderPrefix(canonicalPath, prefix));

    public override string ToString() => Prefixes.Count == 0 ? "any path" : string.Join(", ", Prefixes);
}
