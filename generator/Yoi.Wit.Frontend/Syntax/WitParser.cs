using System.Collections.Immutable;
using Yoi.Wit.Text;

namespace Yoi.Wit.Syntax;

/// <summary>Placeholder until the parser branch is merged (it owns this file; take theirs on merge).</summary>
public static class WitParser
{
    public static ParseResult Parse(SourceFile source) =>
        new(null, ImmutableArray.Create(WitDiagnostic.Error(WitDiagnosticIds.Syntax, "the WIT parser is not available in this build", source.Location(default))));
}
