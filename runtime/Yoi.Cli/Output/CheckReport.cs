using System.Text.Json;
using Yoi.Wit.Model;
using Yoi.Wit.Resolution;
using Yoi.Wit.Text;

namespace Yoi.Cli.Output;

/// <summary>
/// What <c>yoi wit check PATH</c> prints: a summary of what resolved, or the diagnostics. PATH may hold
/// several root packages (one result each, see <see cref="Commands.WitInputs"/>); the summary lists them
/// all and its totals add them up.
/// </summary>
public sealed class CheckReport(string path, IReadOnlyList<ResolveResult> results)
{
    private IEnumerable<WitDiagnostic> Diagnostics => results.SelectMany(r => r.Diagnostics);

    /// <summary>True when every root package resolved without errors.</summary>
    public bool Succeeded => results.Count > 0 && results.All(r => r.Succeeded);

    public void WriteText(TextWriter output, TextWriter error)
    {
        foreach (var diagnostic in Diagnostics)
        {
            (diagnostic.Severity == WitSeverity.Error ? error : output).WriteEscapedLine(diagnostic.ToString());
        }

        if (!Succeeded)
        {
            int errors = Diagnostics.Count(d => d.Severity == WitSeverity.Error);
            error.WriteEscapedLine($"{path}: invalid ({errors} error{(errors == 1 ? "" : "s")})");
            return;
        }

        foreach (var resolve in results.Select(r => r.Resolve!))
        {
            WritePackages(output, resolve);
        }

        var totals = Totals.Of(results.Select(r => r.Resolve!));
        output.WriteEscapedLine(
            $"{path}: ok: {Count(totals.Packages, "package")}, {Count(totals.Interfaces, "interface")}, {Count(totals.Worlds, "world")}, " +
            $"{Count(totals.Types, "type")}, {Count(totals.Functions, "function")}");
    }

    private static void WritePackages(TextWriter output, WitResolve resolve)
    {
        var roots = RootPackages(resolve);
        for (int p = 0; p < resolve.Packages.Count; p++)
        {
            var package = resolve.Packages[p];
            output.WriteEscapedLine($"package {package.Name}{(roots.Contains(p) ? "" : " (dependency)")}");
            foreach (var iface in package.Interfaces)
            {
                var model = resolve.Interfaces[iface.Index];
                output.WriteEscapedLine($"  interface {iface.Name}: {Count(model.Types.Count, "type")}, {Count(model.Functions.Count, "function")}");
            }

            foreach (var world in package.Worlds)
            {
                var model = resolve.Worlds[world.Index];
                output.WriteEscapedLine($"  world {world.Name}: {Count(model.Imports.Count, "import")}, {Count(model.Exports.Count, "export")}");
            }
        }
    }

    public void WriteJson(TextWriter output)
    {
        JsonOutput.Write(output, json =>
        {
            json.WriteStartObject();
            json.WriteString("path", path);
            json.WriteBoolean("valid", Succeeded);
            json.WriteStartArray("diagnostics");
            foreach (var diagnostic in Diagnostics)
            {
                json.WriteStartObject();
                json.WriteString("id", diagnostic.Id);
                json.WriteString("severity", diagnostic.Severity == WitSeverity.Error ? "error" : "warning");
                json.WriteString("file", diagnostic.Location.Path);
                json.WriteNumber("line", diagnostic.Location.Line);
                json.WriteNumber("column", diagnostic.Location.Column);
                json.WriteString("message", diagnostic.Message);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (Succeeded)
            {
                json.WriteStartArray("packages");
                foreach (var resolve in results.Select(r => r.Resolve!))
                {
                    WritePackages(json, resolve);
                }

                json.WriteEndArray();
                var totals = Totals.Of(results.Select(r => r.Resolve!));
                json.WriteStartObject("totals");
                json.WriteNumber("packages", totals.Packages);
                json.WriteNumber("interfaces", totals.Interfaces);
                json.WriteNumber("worlds", totals.Worlds);
                json.WriteNumber("types", totals.Types);
                json.WriteNumber("functions", totals.Functions);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        });
    }

    private static void WritePackages(Utf8JsonWriter json, WitResolve resolve)
    {
        var roots = RootPackages(resolve);
        for (int p = 0; p < resolve.Packages.Count; p++)
        {
            var package = resolve.Packages[p];
            json.WriteStartObject();
            json.WriteString("name", package.Name.ToString());
            json.WriteBoolean("dependency", !roots.Contains(p));
            json.WriteStartArray("interfaces");
            foreach (var iface in package.Interfaces)
            {
                var model = resolve.Interfaces[iface.Index];
                json.WriteStartObject();
                json.WriteString("name", iface.Name);
                json.WriteStartArray("types");
                foreach (var type in model.Types)
                {
                    json.WriteStartObject();
                    json.WriteString("name", type.Name);
                    json.WriteString("kind", resolve.Types[type.Index].Kind.KindName);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteStartArray("functions");
                foreach (var function in model.Functions)
                {
                    json.WriteStringValue(function.Name);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("worlds");
            foreach (var world in package.Worlds)
            {
                var model = resolve.Worlds[world.Index];
                json.WriteStartObject();
                json.WriteString("name", world.Name);
                WriteItems(json, "imports", model.Imports);
                WriteItems(json, "exports", model.Exports);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }
    }

    private static void WriteItems(Utf8JsonWriter json, string name, EquatableArray<WitWorldItem> items)
    {
        json.WriteStartArray(name);
        foreach (var item in items)
        {
            json.WriteStartObject();
            json.WriteString("name", item.Key);
            json.WriteString("kind", item.Kind switch
            {
                WitWorldItemKind.Interface => "interface",
                WitWorldItemKind.Function => "function",
                _ => "type",
            });
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>The packages the user asked about; when the resolver did not say, all of them.</summary>
    private static HashSet<int> RootPackages(WitResolve resolve) =>
        resolve.RootPackages.Count > 0
            ? [.. resolve.RootPackages]
            : [.. Enumerable.Range(0, resolve.Packages.Count)];

    private static string Count(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";

    private sealed record Totals(int Packages, int Interfaces, int Worlds, int Types, int Functions)
    {
        public static Totals Of(IEnumerable<WitResolve> resolves) =>
            resolves.Select(Of).Aggregate(new Totals(0, 0, 0, 0, 0), (a, b) =>
                new(a.Packages + b.Packages, a.Interfaces + b.Interfaces, a.Worlds + b.Worlds, a.Types + b.Types, a.Functions + b.Functions));

        private static Totals Of(WitResolve resolve) => new(
            resolve.Packages.Count,
            resolve.Interfaces.Count,
            resolve.Worlds.Count,
            resolve.Types.Count(t => t.Name is not null),
            resolve.Interfaces.Sum(i => i.Functions.Count) + resolve.Worlds.Sum(w => w.Imports.Count(i => i.Kind == WitWorldItemKind.Function) + w.Exports.Count(i => i.Kind == WitWorldItemKind.Function)));
    }
}
