using System.Collections;
using System.Reflection;
using System.Text;
using Yoi.Wit.Text;

namespace Yoi.Wit.Frontend.Tests.Properties;

/// <summary>
/// A structural text form of a syntax tree, for comparing two parses: the AST's records hold
/// <see cref="System.Collections.Immutable.ImmutableArray{T}"/>, whose equality is by reference.
/// </summary>
internal static class AstDump
{
    public static string Of(object? node)
    {
        var text = new StringBuilder();
        Write(text, node);
        return text.ToString();
    }

    private static void Write(StringBuilder text, object? node)
    {
        switch (node)
        {
            case null:
                text.Append("null");
                return;
            case string s:
                text.Append('"').Append(s).Append('"');
                return;
            case SourceFile file:
                text.Append("file ").Append(file.Path);
                return;
            case TextSpan or Enum:
            case var _ when node.GetType().IsPrimitive:
                text.Append(node);
                return;
            case IEnumerable when node.GetType().GetProperty("IsDefault")?.GetValue(node) is true:
                text.Append("default");
                return;
            case IEnumerable items:
                text.Append('[');
                foreach (var item in items)
                {
                    Write(text, item);
                    text.Append(',');
                }

                text.Append(']');
                return;
        }

        var type = node.GetType();
        text.Append(type.Name).Append('{');
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            if (property.GetIndexParameters().Length > 0 || property.Name == "EqualityContract")
            {
                continue;
            }

            text.Append(property.Name).Append('=');
            Write(text, property.GetValue(node));
            text.Append(';');
        }

        text.Append('}');
    }
}
