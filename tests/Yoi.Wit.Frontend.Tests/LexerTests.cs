using Yoi.Wit.Syntax;
using Yoi.Wit.Text;

namespace Yoi.Wit.Frontend.Tests;

public class LexerTests
{
    private static LexResult Lex(string text) => WitLexer.Lex(new SourceFile("t.wit", text));

    private static TokenKind[] Kinds(string text)
    {
        var result = Lex(text);
        Assert.True(result.Succeeded, string.Join("\n", result.Diagnostics));
        return result.Tokens.Select(t => t.Kind).ToArray();
    }

    private static WitDiagnostic LexError(string text)
    {
        var result = Lex(text);
        var diagnostic = Assert.Single(result.Diagnostics);
        Assert.Equal(WitDiagnosticIds.Lexical, diagnostic.Id);
        Assert.Equal(TokenKind.Error, result.Tokens[^1].Kind);
        return diagnostic;
    }

    [Fact]
    public void Punctuation_and_arrow()
    {
        Assert.Equal(
            [
                TokenKind.LeftBrace, TokenKind.RightBrace, TokenKind.LeftParen, TokenKind.RightParen, TokenKind.LessThan,
                TokenKind.GreaterThan, TokenKind.Comma, TokenKind.Colon, TokenKind.Semicolon, TokenKind.Equals, TokenKind.Period,
                TokenKind.Slash, TokenKind.Star, TokenKind.RArrow, TokenKind.At, TokenKind.Underscore, TokenKind.Plus, TokenKind.Minus,
                TokenKind.Eof,
            ],
            Kinds("{ } ( ) < > , : ; = . / * -> @ _ + -"));
    }

    [Fact]
    public void Keywords_are_their_own_kinds_and_percent_escapes_them()
    {
        Assert.Equal(
            [TokenKind.Interface, TokenKind.World, TokenKind.ErrorContext, TokenKind.Async, TokenKind.Constructor, TokenKind.Map, TokenKind.Eof],
            Kinds("interface world error-context async constructor map"));

        var tokens = Lex("%interface %foo-bar").Tokens;
        Assert.Equal(TokenKind.ExplicitId, tokens[0].Kind);
        Assert.Equal("interface", tokens[0].Text);
        Assert.Equal(new TextSpan(0, 10), tokens[0].Span);
        Assert.Equal("foo-bar", tokens[1].Text);
    }

    [Fact]
    public void Old_float_names_are_plain_identifiers()
    {
        // The reference rejects float32/float64 in resolution ("type `float32` does not exist"), not lexing.
        Assert.Equal([TokenKind.Id, TokenKind.Id, TokenKind.F32, TokenKind.F64, TokenKind.Eof], Kinds("float32 float64 f32 f64"));
    }

    [Theory]
    [InlineData("foo")]
    [InlineData("foo-bar")]
    [InlineData("a1-b2")]
    [InlineData("FOO-BAR")]
    [InlineData("A-b")]
    [InlineData("http2")]
    public void Valid_kebab_identifiers(string id)
    {
        var tokens = Lex(id).Tokens;
        Assert.Equal(TokenKind.Id, tokens[0].Kind);
        Assert.Equal(id, tokens[0].Text);
    }

    [Theory]
    [InlineData("a--b", "identifiers must have characters between '-'s")]
    [InlineData("a-", "identifiers must have characters between '-'s")]
    [InlineData("aB", "invalid character in identifier 'B'")]
    [InlineData("Ab", "invalid character in identifier 'b'")]
    [InlineData("a_b", "invalid character in identifier '_'")]
    [InlineData("_a", "invalid character in identifier '_'")]
    [InlineData("a-1b", "invalid character in identifier '1'")]
    [InlineData("1a", "invalid character in identifier '1'")]
    [InlineData("%", "identifiers must have characters between '-'s")]
    [InlineData("caf\u00e9", "invalid character in identifier '\u00e9'")]
    public void Invalid_identifiers_are_lexical_errors_at_their_start(string id, string message)
    {
        var diagnostic = LexError("interface x {\n  " + id + ": func();\n}");
        Assert.Equal(message, diagnostic.Message);
        Assert.Equal((2, 3), (diagnostic.Location.Line, diagnostic.Location.Column));
    }

    [Fact]
    public void Unexpected_character_has_its_location()
    {
        var diagnostic = LexError("package a:b;\n\ninterface x # {}");
        Assert.Equal("unexpected character '#'", diagnostic.Message);
        Assert.Equal("t.wit:3:13", diagnostic.Location.ToString());
    }

    [Fact]
    public void Control_characters_are_rejected()
    {
        var diagnostic = LexError("interface x {}\n// bell \u0007\n");
        Assert.Contains("control code", diagnostic.Message);
        Assert.Equal((2, 9), (diagnostic.Location.Line, diagnostic.Location.Column));
    }

    [Fact]
    public void Unterminated_block_comment_points_at_its_start()
    {
        var diagnostic = LexError("interface x {}\n  /* one /* two */ never closed\n");
        Assert.Equal("unterminated block comment", diagnostic.Message);
        Assert.Equal((2, 3), (diagnostic.Location.Line, diagnostic.Location.Column));
    }

    [Fact]
    public void Block_comments_nest()
    {
        var tokens = Lex("/* a /* b */ still comment */ world").Tokens;
        Assert.Equal(TokenKind.World, tokens[0].Kind);
        Assert.Equal(["/* a /* b */ still comment */"], tokens[0].LeadingComments.ToArray());
    }

    [Fact]
    public void Comments_attach_to_the_next_token_in_order()
    {
        var tokens = Lex("// one\n/// two\r\n/** three */\ninterface x { // inside\n}").Tokens;
        Assert.Equal(["// one", "/// two", "/** three */"], tokens[0].LeadingComments.ToArray());
        Assert.True(tokens[1].LeadingComments.IsEmpty);
        Assert.Equal(["// inside"], tokens[3].LeadingComments.ToArray());
        Assert.Equal(TokenKind.RightBrace, tokens[3].Kind);
    }

    [Fact]
    public void Comment_at_end_of_file_rides_on_eof()
    {
        var tokens = Lex("world w {}\n// trailing").Tokens;
        Assert.Equal(TokenKind.Eof, tokens[^1].Kind);
        Assert.Equal(["// trailing"], tokens[^1].LeadingComments.ToArray());
    }

    [Fact]
    public void Crlf_and_bom_are_whitespace()
    {
        Assert.Equal([TokenKind.World, TokenKind.Id, TokenKind.LeftBrace, TokenKind.RightBrace, TokenKind.Eof], Kinds("\uFEFFworld w\r\n{\r\n}\r\n"));
    }

    [Theory]
    [InlineData("1.0.0")]
    [InlineData("0.2.0-rc-2023-11-10")]
    [InlineData("1.0.1-a+a")]
    [InlineData("1.0.0-a1.1-a")]
    [InlineData("1.2.3+build.5")]
    [InlineData("10.20.30-alpha.0.beta")]
    public void Semantic_versions_are_single_tokens(string version)
    {
        var tokens = Lex("@" + version + ";").Tokens;
        Assert.Equal(TokenKind.Version, tokens[1].Kind);
        Assert.Equal(version, tokens[1].Text);
        Assert.Equal(new TextSpan(1, 1 + version.Length), tokens[1].Span);
        Assert.Equal(TokenKind.Semicolon, tokens[2].Kind);
    }

    [Fact]
    public void Version_stops_before_a_period_that_selects_names()
    {
        var kinds = Kinds("use a:b/c@1.0.0.{x};");
        Assert.Equal(
            [
                TokenKind.Use, TokenKind.Id, TokenKind.Colon, TokenKind.Id, TokenKind.Slash, TokenKind.Id, TokenKind.At, TokenKind.Version,
                TokenKind.Period, TokenKind.LeftBrace, TokenKind.Id, TokenKind.RightBrace, TokenKind.Semicolon, TokenKind.Eof,
            ],
            kinds);
    }

    [Theory]
    [InlineData("01.0.0", "invalid leading zero in major version number")]
    [InlineData("1.00.0", "invalid leading zero in minor version number")]
    [InlineData("1.0.0-01", "invalid leading zero in pre-release identifier")]
    [InlineData("1.0", "unexpected end of input while parsing patch version number")]
    [InlineData("1.0.0-", "empty identifier segment in pre-release identifier")]
    public void Invalid_semantic_versions_are_lexical_errors(string version, string message)
    {
        var diagnostic = LexError("package a:b@" + version + ";");
        Assert.Contains(message, diagnostic.Message);
        Assert.Equal((1, 13), (diagnostic.Location.Line, diagnostic.Location.Column));
    }

    [Fact]
    public void Integers_for_fixed_size_lists()
    {
        var tokens = Lex("list<u8, 16>").Tokens;
        Assert.Equal(TokenKind.Integer, tokens[4].Kind);
        Assert.Equal("16", tokens[4].Text);
    }

    [Fact]
    public void Describe_uses_reference_wording()
    {
        var tokens = Lex("type { foo %bar 3").Tokens;
        Assert.Equal(["keyword `type`", "'{'", "an identifier", "an '%' identifier", "an integer", "eof"], tokens.Select(t => t.Describe()));
    }
}
