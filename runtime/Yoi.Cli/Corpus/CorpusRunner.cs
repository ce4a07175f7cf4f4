using System.Collections.Immutable;
using System.Text.Json;
using Yoi.Cli.Output;
using Yoi.Wit.Resolution;
using Yoi.Wit.Text;

namespace Yoi.Cli.Corpus;

/// <summary>The totals of a corpus run.</summary>
public sealed record CorpusSummary(int Passed, int Failed, int Skipped, int LocationsMatched, int LocationsTotal, int SyntaxMatched, int SyntaxTotal);

/// <summary>
/// Runs a directory laid out like wit-parser's <c>tests/ui</c>: must-pass cases at the top level (compared
/// structurally with their <c>.wit.json</c>), must-fail cases under <c>parse-fail/</c>.
/// Prints one line per failing case and, last, <c>N passed, N failed</c>.
/// </summary>
public sealed class CorpusRunner(TextWriter output)
{
    /// <summary>The reference test runner enables exactly this feature.</summary>
    private static readonly WitResolveOptions ReferenceOptions = new(ImmutableHashSet.Create("active"));

    public CorpusSummary Run(string directory)
    {
        int passed = 0, failed = 0;
        var skipped = new List<string>();
        int locationsMatched = 0, locationsTotal = 0, syntaxMatched = 0, syntaxTotal = 0;

        var mustPass = CorpusCase.Discover(directory, mustPass: true, ".json");
        var failDirectory = Path.Combine(directory, "parse-fail");
        var mustFail = Directory.Exists(failDirectory)
            ? CorpusCase.Discover(failDirectory, mustPass: false, ".result")
            : [];

        foreach (var @case in mustPass.Concat(mustFail))
        {
            if (CorpusCase.HasWasmInput(@case.InputPath))
            {
                skipped.Add(@case.Name);
                continue;
            }

            var result = Load(@case.InputPath);
            var problem = @case.MustPass ? CheckMustPass(@case, result) : CheckMustFail(@case, result);
            if (problem is null)
            {
                passed++;
            }
            else
            {
                failed++;
                output.WriteEscapedLine($"FAIL {(@case.MustPass ? "" : "parse-fail/")}{@case.Name}: {problem}");
            }

            if (!@case.MustPass && @case.ReferencePath is not null && !result.Succeeded)
            {
                var reference = ReferenceError.Read(@case.ReferencePath);
                if (reference.Line is not null)
                {
                    bool atLine = AtReferenceLine(result, reference);
                    locationsTotal++;
                    locationsMatched += atLine ? 1 : 0;
                    if (reference.IsSyntaxError)
                    {
                        syntaxTotal++;
                        syntaxMatched += atLine ? 1 : 0;
                        if (!atLine)
                        {
                            output.WriteEscapedLine($"note parse-fail/{@case.Name}: syntax error reported at {FirstError(result)?.Location}, reference {reference.RelativePath}:{reference.Line}");
                        }
                    }
                }
            }
        }

        if (skipped.Count > 0)
        {
            output.WriteEscapedLine($"out of scope (wasm inputs): {string.Join(", ", skipped)}");
        }

        output.WriteEscapedLine($"error locations: {locationsMatched} of {locationsTotal} must-fail cases at the reference line; syntax errors: {syntaxMatched} of {syntaxTotal}");
        output.WriteEscapedLine($"{passed} passed, {failed} failed");
        return new CorpusSummary(passed, failed, skipped.Count, locationsMatched, locationsTotal, syntaxMatched, syntaxTotal);
    }

    private static ResolveResult Load(string path)
    {
        try
        {
            return WitLoader.Load(path, ReferenceOptions);
        }
        catch (Exception exception)
        {
            // The front end must never throw; if it does, that is a failed case, not a crashed run.
            return new ResolveResult(null, [WitDiagnostic.Error("BUG", $"front end threw {exception.GetType().Name}: {exception.Message}", SourceLocation.None(path))]);
        }
    }

    private static string? CheckMustPass(CorpusCase @case, ResolveResult result)
    {
        if (!result.Succeeded || result.Resolve is null)
        {
            return $"rejected: {FirstError(result)}";
        }

        if (result.Diagnostics.Any(d => d.Id == "BUG"))
        {
            return result.Diagnostics.First(d => d.Id == "BUG").Message;
        }

        if (@case.ReferencePath is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(@case.ReferencePath));
        var expected = StructuralView.FromReferenceJson(document.RootElement);
        var actual = StructuralView.FromModel(result.Resolve);
        var differences = expected.Compare(actual);
        return differences.Count == 0 ? null : "structure differs from the reference: " + string.Join("; ", differences);
    }

    private static string? CheckMustFail(CorpusCase @case, ResolveResult result)
    {
        if (result.Diagnostics.Any(d => d.Id == "BUG"))
        {
            return result.Diagnostics.First(d => d.Id == "BUG").Message;
        }

        if (!result.Succeeded)
        {
            return null;
        }

        var reference = @case.ReferencePath is null ? "" : $" (reference: {ReferenceError.Read(@case.ReferencePath).Message})";
        return "accepted, but the reference rejects it" + reference;
    }

    private static WitDiagnostic? FirstError(ResolveResult result) =>
        result.Diagnostics.FirstOrDefault(d => d.Severity == WitSeverity.Error);

    private static bool AtReferenceLine(ResolveResult result, ReferenceError reference) =>
        result.Diagnostics.Where(d => d.Severity == WitSeverity.Error).Take(1).Any(d =>
            d.Location.Line == reference.Line &&
            (reference.RelativePath is null || d.Location.Path.Replace('\\', '/').EndsWith(reference.RelativePath, StringComparison.Ordinal)));
}
