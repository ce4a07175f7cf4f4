namespace Yoi.Runtime.Manifest.Toml;

/// <summary>
/// Reads the keys of one table, recording an error for each missing, mistyped or unknown key, so
/// nothing in a file is silently ignored. <paramref name="context"/> names the table in messages.
/// </summary>
internal sealed class TableReader(TomlTableNode table, string context, List<ManifestError> errors)
{
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public SourceLocation Location => table.Location;

    public string Context => context;

    public void Error(SourceLocation location, ManifestErrorKind kind, string message) =>
        errors.Add(new ManifestError(location, kind, message));

    /// <summary>The raw node for <paramref name="key"/>; reports it missing when required.</summary>
    public TomlNode? Node(string key, bool required)
    {
        _read.Add(key);
        var entry = table.Find(key);
        if (entry is null && required)
        {
            Error(table.Location, ManifestErrorKind.MissingKey, $"missing required key '{key}' in {context}");
        }

        return entry?.Value;
    }

    public (string Value, SourceLocation Location)? String(string key, bool required)
    {
        var node = Node(key, required);
        if (node is null)
        {
            return null;
        }

        if (node is TomlScalarNode { Value: string text })
        {
            return (text, node.Location);
        }

        WrongType(key, node, "a string");
        return null;
    }

    /// <summary>Each element with its location; null when absent or not an array of strings.</summary>
    public IReadOnlyList<(string Value, SourceLocation Location)>? StringArray(string key, bool required)
    {
        var node = Node(key, required);
        if (node is null)
        {
            return null;
        }

        if (node is not TomlArrayNode array)
        {
            WrongType(key, node, "an array of strings");
            return null;
        }

        var items = new List<(string, SourceLocation)>();
        var ok = true;
        foreach (var item in array.Items)
        {
            if (item is TomlScalarNode { Value: string text })
            {
                items.Add((text, item.Location));
            }
            else
            {
                Error(item.Location, ManifestErrorKind.WrongType, $"'{key}' in {context} must contain only strings, found {item.TypeName}");
                ok = false;
            }
        }

        return ok ? items : null;
    }

    public TomlTableNode? Table(string key, bool required)
    {
        var node = Node(key, required);
        if (node is null)
        {
            return null;
        }

        if (node is TomlTableNode child)
        {
            return child;
        }

        WrongType(key, node, $"a [{key}] table");
        return null;
    }

    /// <summary>The <c>[[key]]</c> entries; empty when absent.</summary>
    public (IReadOnlyList<TomlTableNode> Tables, SourceLocation? Location) TableArray(string key)
    {
        var node = Node(key, required: false);
        switch (node)
        {
            case null:
                return ([], null);
            case TomlTableArrayNode array:
                return (array.Tables, array.Location);
            case TomlArrayNode inline when inline.Items.All(item => item is TomlTableNode):
                // key = [{ ... }, { ... }] means the same as [[key]] entries.
                return (inline.Items.Cast<TomlTableNode>().ToList(), inline.Location);
            default:
                WrongType(key, node, $"[[{key}]] entries");
                return ([], null);
        }
    }

    public void WrongType(string key, TomlNode node, string expected) =>
        Error(node.Location, ManifestErrorKind.WrongType, $"'{key}' in {context} must be {expected}, found {node.TypeName}");

    /// <summary>Call after reading: every key nobody asked for is an error.</summary>
    public void ReportUnknownKeys()
    {
        foreach (var entry in table.Entries.Where(entry => !_read.Contains(entry.Key)))
        {
            Error(entry.KeyLocation, ManifestErrorKind.UnknownKey, $"unknown key '{entry.Key}' in {context}");
        }
    }
}
