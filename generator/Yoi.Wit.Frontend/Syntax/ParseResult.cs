using System.Collections.Immutable;
using Yoi.Wit.Text;

namespace Yoi.Wit.Syntax;

/// <summary>What parsing one file produced: the tree when it parsed, and every diagnostic.</summary>
public sealed record ParseResult(WitFile? File, ImmutableArray<WitDiagnostic> Diagnostics)
{
    public bool Succeeded => File is not null && Diagnostics.All(d => d.Severity != WitSeverity.Error);
}
