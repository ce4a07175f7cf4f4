using System.Text.Json;
using Yoi.Wit.Model;

namespace Yoi.Cli.Corpus;

/// <summary>
/// The parts of a resolve graph that the corpus compares: package, interface and world names, each
/// interface's types (name and kind) and functions (name and kind), each world's imports and exports,
/// and how many type definitions of each kind there are. Built from our model or from wit-parser's JSON.
/// </summary>
public sealed record StructuralView(
    SortedSet<string> Packages,
    SortedDictionary<string, string> Interfaces,
    SortedDictionary<string, string> Worlds,
    SortedDictionary<string, int> TypeKinds,
    int AnonymousInterfaces)
{
    /// <summary>Human-readable differences, empty when the views agree.</summary>
    public IReadOnlyList<string> Compare(StructuralView actual)
    {
        var differences = new List<string>();
        CompareSets("packages", Packages, actual.Packages, differences);
        CompareMaps("interface", Interfaces, actual.Interfaces, differences);
        CompareMaps("world", Worlds, actual.Worlds, differences);
        if (!TypeKinds.SequenceEqual(actual.TypeKinds))
        {
            differences.Add($"type definitions: expected {Describe(TypeKinds)}, got {Describe(actual.TypeKinds)}");
        }

        if (AnonymousInterfaces != actual.AnonymousInterfaces)
        {
            differences.Add($"inline interfaces: expected {AnonymousInterfaces}, got {actual.AnonymousInterfaces}");
        }

        return differences;
    }

    public static StructuralView FromModel(WitResolve resolve)
    {
        var packages = new SortedSet<string>(StringComparer.Ordinal);
        var interfaces = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var worlds = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var typeKinds = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var package in resolve.Packages)
        {
            packages.Add(package.Name.ToString());
        }

        int anonymous = 0;
        foreach (var iface in resolve.Interfaces)
        {
            if (iface.Name is null || iface.Package is null)
            {
                anonymous++;
                continue;
            }

            var types = iface.Types.Select(t => $"{t.Name}:{resolve.Types[t.Index].Kind.KindName}");
            var functions = iface.Functions.Select(FunctionSignature);
            interfaces[InterfaceKey(resolve.Packages[iface.Package.Value].Name.ToString(), iface.Name)] = Join(types, functions);
        }

        foreach (var world in resolve.Worlds)
        {
            var package = resolve.Packages[world.Package].Name.ToString();
            worlds[$"{package}/{world.Name}"] = Join(
                world.Imports.Select(i => $"import {i.Key}:{ItemKind(i.Kind)}"),
                world.Exports.Select(e => $"export {e.Key}:{ItemKind(e.Kind)}"));
        }

        foreach (var type in resolve.Types)
        {
            Increment(typeKinds, type.Kind.KindName);
        }

        return new StructuralView(packages, interfaces, worlds, typeKinds, anonymous);
    }

    /// <summary>Reads wit-parser's serialized <c>Resolve</c> (the corpus's <c>.wit.json</c>).</summary>
    public static StructuralView FromReferenceJson(JsonElement root)
    {
        var packageNames = root.GetProperty("packages").EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToList();
        var interfaceElements = root.GetProperty("interfaces").EnumerateArray().ToList();
        var typeElements = root.GetProperty("types").EnumerateArray().ToList();

        string? QualifiedInterface(int id)
        {
            var iface = interfaceElements[id];
            if (iface.GetProperty("name").ValueKind != JsonValueKind.String || !iface.TryGetProperty("package", out var pkg) || pkg.ValueKind != JsonValueKind.Number)
            {
                return null;
            }

            return InterfaceKey(packageNames[pkg.GetInt32()], iface.GetProperty("name").GetString()!);
        }

        var interfaces = new SortedDictionary<string, string>(StringComparer.Ordinal);
        int anonymous = 0;
        for (int i = 0; i < interfaceElements.Count; i++)
        {
            var iface = interfaceElements[i];
            var key = QualifiedInterface(i);
            if (key is null)
            {
                anonymous++;
                continue;
            }

            var types = iface.GetProperty("types").EnumerateObject()
                .Select(t => $"{t.Name}:{KindName(typeElements[t.Value.GetInt32()].GetProperty("kind"))}");
            var functions = iface.GetProperty("functions").EnumerateObject()
                .Select(f => $"{f.Name}:{KindName(f.Value.GetProperty("kind"))}");
            interfaces[key] = Join(types, functions);
        }

        var worlds = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var world in root.GetProperty("worlds").EnumerateArray())
        {
            string Item(string direction, JsonProperty item)
            {
                var key = item.Name;
                if (key.StartsWith("interface-", StringComparison.Ordinal) && int.TryParse(key["interface-".Length..], out int id))
                {
                    key = QualifiedInterface(id) ?? key;
                }

                return $"{direction} {key}:{item.Value.EnumerateObject().First().Name}";
            }

            var package = packageNames[world.GetProperty("package").GetInt32()];
            worlds[$"{package}/{world.GetProperty("name").GetString()}"] = Join(
                world.GetProperty("imports").EnumerateObject().Select(i => Item("import", i)),
                world.GetProperty("exports").EnumerateObject().Select(e => Item("export", e)));
        }

        var typeKinds = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var type in typeElements)
        {
            Increment(typeKinds, KindName(type.GetProperty("kind")));
        }

        return new StructuralView(new SortedSet<string>(packageNames, StringComparer.Ordinal), interfaces, worlds, typeKinds, anonymous);
    }

    private static string InterfaceKey(string package, string name)
    {
        // "a:b@1.0.0" + "i" -> "a:b/i@1.0.0", the form WIT uses to name an interface.
        int at = package.IndexOf('@');
        return at < 0 ? $"{package}/{name}" : $"{package[..at]}/{name}{package[at..]}";
    }

    private static string FunctionSignature(WitFunction function)
    {
        var kind = function.Kind switch
        {
            WitFunctionKind.Method => "method",
            WitFunctionKind.Static => "static",
            WitFunctionKind.Constructor => "constructor",
            _ => "freestanding",
        };
        return $"{function.Name}:{(function.IsAsync ? "async-" + kind : kind)}";
    }

    private static string ItemKind(WitWorldItemKind kind) => kind switch
    {
        WitWorldItemKind.Interface => "interface",
        WitWorldItemKind.Function => "function",
        _ => "type",
    };

    /// <summary>wit-parser writes a kind as a bare string or as an object with one property naming it.</summary>
    private static string KindName(JsonElement kind) =>
        kind.ValueKind == JsonValueKind.String ? kind.GetString()! : kind.EnumerateObject().First().Name;

    private static string Join(IEnumerable<string> first, IEnumerable<string> second) =>
        string.Join(", ", first.Order(StringComparer.Ordinal)) + " | " + string.Join(", ", second.Order(StringComparer.Ordinal));

    private static void Increment(SortedDictionary<string, int> counts, string key) =>
        counts[key] = counts.TryGetValue(key, out int count) ? count + 1 : 1;

    private static string Describe(SortedDictionary<string, int> counts) =>
        "{" + string.Join(", ", counts.Select(c => $"{c.Key}: {c.Value}")) + "}";

    private static void CompareSets(string what, SortedSet<string> expected, SortedSet<string> actual, List<string> differences)
    {
        var missing = expected.Except(actual).ToList();
        var extra = actual.Except(expected).ToList();
        if (missing.Count > 0)
        {
            differences.Add($"{what} missing: {string.Join(", ", missing)}");
        }

        if (extra.Count > 0)
        {
            differences.Add($"{what} unexpected: {string.Join(", ", extra)}");
        }
    }

    private static void CompareMaps(string what, SortedDictionary<string, string> expected, SortedDictionary<string, string> actual, List<string> differences)
    {
        foreach (var (key, value) in expected)
        {
            if (!actual.TryGetValue(key, out var actualValue))
            {
                differences.Add($"{what} {key} missing");
            }
            else if (value != actualValue)
            {
                differences.Add($"{what} {key}: expected [{value}], got [{actualValue}]");
            }
        }

        foreach (var key in actual.Keys.Except(expected.Keys))
        {
            differences.Add($"{what} {key} unexpected");
        }
    }
}
