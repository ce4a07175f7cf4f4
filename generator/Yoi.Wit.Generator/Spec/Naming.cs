using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace Yoi.Wit.Generator.Spec;

/// <summary>WIT kebab-case names to idiomatic C# names.</summary>
internal static class Naming
{
    /// <summary><c>http-request</c> -> <c>HttpRequest</c>; <c>HTTP-request</c> keeps the acronym: <c>HTTPRequest</c>.</summary>
    public static string Pascal(string witName)
    {
        var sb = new StringBuilder(witName.Length);
        foreach (var part in Parts(witName))
        {
            sb.Append(char.ToUpperInvariant(part[0]));
            sb.Append(part, 1, part.Length - 1);
        }

        return sb.Length == 0 ? "_" : sb.ToString();
    }

    /// <summary><c>timeout-ms</c> -> <c>timeoutMs</c>; keywords are escaped (<c>@event</c>).</summary>
    public static string Camel(string witName)
    {
        var sb = new StringBuilder(witName.Length);
        var first = true;
        foreach (var part in Parts(witName))
        {
            if (first)
            {
                // An all-caps first word (URL-path) reads best fully lower-cased (urlPath).
                sb.Append(IsAllUpper(part) ? part.ToLowerInvariant() : char.ToLowerInvariant(part[0]) + part.Substring(1));
                first = false;
            }
            else
            {
                sb.Append(char.ToUpperInvariant(part[0]));
                sb.Append(part, 1, part.Length - 1);
            }
        }

        var name = sb.Length == 0 ? "_" : sb.ToString();
        return Escape(name);
    }

    /// <summary>Prefixes <c>@</c> when <paramref name="name"/> is a C# keyword.</summary>
    public static string Escape(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None
            ? "@" + name
            : name;

    /// <summary>The package's namespace: <c>yoi:host</c> -> <c>Yoi.Host</c>, <c>wasi:http-types</c> -> <c>Wasi.HttpTypes</c>.</summary>
    public static string PackageNamespace(string witNamespace, string witName) => Pascal(witNamespace) + "." + Pascal(witName);

    /// <summary>A namespace segment for a package version: <c>0.2.0-rc.1</c> -> <c>V0_2_0_rc_1</c>; none -> <c>Unversioned</c>.</summary>
    public static string VersionSegment(string? version)
    {
        if (string.IsNullOrEmpty(version))
        {
            return "Unversioned";
        }

        var sb = new StringBuilder("V", version!.Length + 1);
        foreach (var c in version)
        {
            sb.Append(char.IsLetterOrDigit(c) && c < 128 ? c : '_');
        }

        return sb.ToString();
    }

    /// <summary>A string literal for C# source.</summary>
    public static string Literal(string value) => SymbolDisplay.FormatLiteral(value, quote: true);

    private static IEnumerable<string> Parts(string witName) =>
        witName.TrimStart('%').Split(new[] { '-', '_' }, StringSplitOptions.RemoveEmptyEntries);

    private static bool IsAllUpper(string part)
    {
        foreach (var c in part)
        {
            if (char.IsLower(c))
            {
                return false;
            }
        }

        return part.Length > 1;
    }
}
