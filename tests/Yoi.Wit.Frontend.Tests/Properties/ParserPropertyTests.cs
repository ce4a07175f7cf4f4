using Yoi.Wit.Syntax;
using Yoi.Wit.Text;

namespace Yoi.Wit.Frontend.Tests.Properties;

/// <summary>
/// The parser takes any text: it returns a tree or located diagnostics, never throws, never reports an
/// internal error, and gives the same answer every time.
/// </summary>
[Collection(PropertyCollection.Name)]
public class ParserPropertyTests
{
    [Fact]
    public void Token_soup_parses_to_a_value_with_located_diagnostics() =>
        PropertyRun.Check(WitTextGen.TokenSoup, ParsesCleanly, iterations: 10000, print: WitTextGen.Show);

    [Fact]
    public void Mutated_valid_wit_parses_to_a_value_with_located_diagnostics() =>
        PropertyRun.Check(WitTextGen.MutatedSample, ParsesCleanly, iterations: 1500, print: WitTextGen.Show);

    [Fact]
    public void Parsing_is_deterministic() =>
        PropertyRun.Check(
            CsCheck.Gen.Select(WitTextGen.AnyText, WitTextGen.AnyText),
            pair =>
            {
                var (text, other) = pair;
                var file = new SourceFile("input.wit", text);
                var first = WitParser.Parse(file);
                WitParser.Parse(new SourceFile("other.wit", other));
                var again = WitParser.Parse(file);
                Assert.Equal(first.Diagnostics.Select(d => d.ToString()), again.Diagnostics.Select(d => d.ToString()));
                Assert.Equal(AstDump.Of(first.File), AstDump.Of(again.File));
            },
            iterations: 1000,
            print: pair => $"{WitTextGen.Show(pair.Item1)} then {WitTextGen.Show(pair.Item2)}");

    private static void ParsesCleanly(string text)
    {
        var file = new SourceFile("input.wit", text);
        var result = WitParser.Parse(file);
        DiagnosticAssert.LocatedWithin(result.Diagnostics, [file]);
        Assert.True(result.File is not null || result.Diagnostics.Any(d => d.Severity == WitSeverity.Error), "no tree and no error");
    }
}
