using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace Yoi.Runtime.Manifest.Toml;

/// <summary>
/// Parses TOML text with Tomlyn's syntax parser (which validates redefinitions) and builds a
/// <see cref="TomlTableNode"/> tree whose every key and value knows its file:line:col.
/// </summary>
internal static class LocatedTomlReader
{
    public static Result<TomlTableNode, IReadOnlyList<ManifestError>> Read(string text, string file)
    {
        DocumentSyntax document;
        try
        {
            document = SyntaxParser.Parse(text, file, validate: true);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // A parser bug must not escape as an exception; report it at the top of the file.
            return Fail([new ManifestError(new SourceLocation(file, 1, 1), ManifestErrorKind.Syntax, $"could not parse TOML: {exception.Message}")]);
        }

        if (document.HasErrors)
        {
            var errors = document.Diagnostics
                .Where(d => d.Kind == DiagnosticMessageKind.Error)
                .Select(d => new ManifestError(At(file, d.Span), ManifestErrorKind.Syntax, d.Message))
                .ToList();
            return Fail(errors);
        }

        var builder = new Builder(file);
        var root = new TomlTableNode(new SourceLocation(file, 1, 1));
        foreach (var keyValue in document.KeyValues)
        {
            builder.AddKeyValue(root, keyValue);
        }

        foreach (var table in document.Tables)
        {
            builder.AddTable(root, table);
        }

        return builder.Errors.Count == 0
            ? Result<TomlTableNode, IReadOnlyList<ManifestError>>.Ok(root)
            : Fail(builder.Errors);
    }

    private static SourceLocation At(string file, SourceSpan span) => new(file, span.Start.Line + 1, span.Start.Column + 1);

    private static Result<TomlTableNode, IReadOnlyList<ManifestError>> Fail(IReadOnlyList<ManifestError> errors) =>
        Result<TomlTableNode, IReadOnlyList<ManifestError>>.Fail(errors);

    private sealed class Builder(string file)
    {
        public List<ManifestError> Errors { get; } = [];

        public void AddTable(TomlTableNode root, TableSyntaxBase table)
        {
            var parts = KeyParts(table.Name!);
            var parent = root;
            foreach (var (name, location) in parts.Take(parts.Count - 1))
            {
                var next = Descend(parent, name, location);
                if (next is null)
                {
                    return;
                }

                parent = next;
            }

            var (lastName, lastLocation) = parts[^1];
            var header = At(file, table.Span);
            TomlTableNode? target;
            if (table is TableArraySyntax)
            {
                var existing = parent.Find(lastName);
                var array = existing?.Value as TomlTableArrayNode;
                if (array is null)
                {
                    if (existing is not null)
                    {
                        Conflict(lastName, lastLocation);
                        return;
                    }

                    array = new TomlTableArrayNode(header);
                    parent.Add(new TomlEntry(lastName, lastLocation, array));
                }

                target = new TomlTableNode(header);
                array.Tables.Add(target);
            }
            else
            {
                target = Descend(parent, lastName, lastLocation, header);
                if (target is null)
                {
                    return;
                }
            }

            foreach (var keyValue in table.Items)
            {
                AddKeyValue(target, keyValue);
            }
        }

        public void AddKeyValue(TomlTableNode table, KeyValueSyntax keyValue)
        {
            var parts = KeyParts(keyValue.Key!);
            foreach (var (name, location) in parts.Take(parts.Count - 1))
            {
                var next = Descend(table, name, location);
                if (next is null)
                {
                    return;
                }

                table = next;
            }

            var (lastName, lastLocation) = parts[^1];
            if (table.Find(lastName) is not null)
            {
                Conflict(lastName, lastLocation);
                return;
            }

            table.Add(new TomlEntry(lastName, lastLocation, Convert(keyValue.Value!)));
        }

        /// <summary>The table under <paramref name="name"/>, created if absent; the last element of an array of tables.</summary>
        private TomlTableNode? Descend(TomlTableNode parent, string name, SourceLocation location, SourceLocation? createdAt = null)
        {
            switch (parent.Find(name)?.Value)
            {
                case TomlTableNode existing:
                    return existing;
                case TomlTableArrayNode { Tables.Count: > 0 } array:
                    return array.Tables[^1];
                case null:
                    var created = new TomlTableNode(createdAt ?? location);
                    parent.Add(new TomlEntry(name, location, created));
                    return created;
                default:
                    Conflict(name, location);
                    return null;
            }
        }

        private TomlNode Convert(ValueSyntax value)
        {
            var location = At(file, value.Span);
            switch (value)
            {
                case StringValueSyntax text:
                    return new TomlScalarNode(location, text.Value ?? "", "a string");
                case IntegerValueSyntax integer:
                    return new TomlScalarNode(location, integer.Value, "an integer");
                case BooleanValueSyntax boolean:
                    return new TomlScalarNode(location, boolean.Value, "a boolean");
                case FloatValueSyntax number:
                    return new TomlScalarNode(location, number.Value, "a float");
                case DateTimeValueSyntax dateTime:
                    return new TomlScalarNode(location, dateTime.Token?.Text ?? "", "a date-time");
                case ArraySyntax array:
                    var items = new List<TomlNode>();
                    foreach (var item in array.Items)
                    {
                        items.Add(Convert(item.Value!));
                    }

                    return new TomlArrayNode(location, items);
                case InlineTableSyntax inline:
                    var table = new TomlTableNode(location);
                    foreach (var item in inline.Items)
                    {
                        AddKeyValue(table, item.KeyValue!);
                    }

                    return table;
                default:
                    Errors.Add(new ManifestError(location, ManifestErrorKind.Syntax, $"unsupported TOML value '{value}'"));
                    return new TomlScalarNode(location, "", "an unsupported value");
            }
        }

        private List<(string Name, SourceLocation Location)> KeyParts(KeySyntax key)
        {
            var parts = new List<(string, SourceLocation)> { (KeyText(key.Key!), At(file, key.Key!.Span)) };
            foreach (var dotted in key.DotKeys)
            {
                parts.Add((KeyText(dotted.Key!), At(file, dotted.Key!.Span)));
            }

            return parts;
        }

        private static string KeyText(BareKeyOrStringValueSyntax key) => key switch
        {
            BareKeySyntax bare => bare.Key?.Text ?? "",
            StringValueSyntax quoted => quoted.Value ?? "",
            _ => key.ToString() ?? "",
        };

        private void Conflict(string name, SourceLocation location) =>
            Errors.Add(new ManifestError(location, ManifestErrorKind.Duplicate, $"the key '{name}' is defined more than once"));
    }
}
