namespace Yoi.Runtime.Manifest.Toml;

/// <summary>
/// A TOML value with the place it was written. Tomlyn's model drops positions and its syntax tree
/// does not merge tables, so the readers work on this small located tree instead.
/// </summary>
internal abstract class TomlNode(SourceLocation location)
{
    public SourceLocation Location { get; } = location;

    /// <summary>The TOML type name, for "expected a string, found an integer" messages.</summary>
    public abstract string TypeName { get; }
}

internal sealed class TomlScalarNode(SourceLocation location, object value, string typeName) : TomlNode(location)
{
    /// <summary>string, long, double, bool, or the text of a date-time.</summary>
    public object Value { get; } = value;

    public override string TypeName { get; } = typeName;
}

internal sealed class TomlArrayNode(SourceLocation location, IReadOnlyList<TomlNode> items) : TomlNode(location)
{
    public IReadOnlyList<TomlNode> Items { get; } = items;

    public override string TypeName => "an array";
}

/// <summary>An array of tables (<c>[[name]]</c>); each element is located at its header.</summary>
internal sealed class TomlTableArrayNode(SourceLocation location) : TomlNode(location)
{
    public List<TomlTableNode> Tables { get; } = [];

    public override string TypeName => "an array of tables";
}

/// <summary>One key of a table, with where the key itself was written.</summary>
internal sealed record TomlEntry(string Key, SourceLocation KeyLocation, TomlNode Value);

internal sealed class TomlTableNode(SourceLocation location) : TomlNode(location)
{
    private readonly Dictionary<string, TomlEntry> _entries = new(StringComparer.Ordinal);
    private readonly List<TomlEntry> _ordered = [];

    public IReadOnlyList<TomlEntry> Entries => _ordered;

    public override string TypeName => "a table";

    public TomlEntry? Find(string key) => _entries.GetValueOrDefault(key);

    public void Add(TomlEntry entry)
    {
        _entries.Add(entry.Key, entry);
        _ordered.Add(entry);
    }
}
