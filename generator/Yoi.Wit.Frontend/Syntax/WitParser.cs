using System.Collections.Immutable;
using Pidgin;
using Yoi.Wit.Text;

namespace Yoi.Wit.Syntax;

/// <summary>
/// Parses one WIT file into the AST: lexes it (<see cref="WitLexer"/>), then runs the Pidgin grammar over
/// the tokens. Stops at the first error, which is reported where the reference parser reports it (at the
/// unexpected token, "expected X, found Y"). Never throws.
/// </summary>
public static class WitParser
{
    /// <summary>How deeply types (<c>list&lt;list&lt;...&gt;&gt;</c>) and packages may nest, as in the reference.</summary>
    public const int MaxNesting = 100;

    public static ParseResult Parse(SourceFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        try
        {
            var lexed = WitLexer.Lex(file);
            var tokens = lexed.Tokens;

            var nesting = CheckNesting(file, tokens.AsSpan());
            if (nesting is not null)
            {
                return new ParseResult(null, ImmutableArray.Create(nesting));
            }

            WitGrammar.LastFailure = null;
            var result = WitGrammar.FileP.Parse(tokens.AsSpan());
            if (result.Success)
            {
                var (header, items) = result.Value;
                return new ParseResult(new WitFile(file, header, items), lexed.Diagnostics);
            }

            var error = result.Error!;
            int index = Math.Clamp(error.ErrorOffset, 0, tokens.Length - 1);
            var token = tokens[index];
            if (token.Kind == TokenKind.Error && !lexed.Diagnostics.IsDefaultOrEmpty)
            {
                return new ParseResult(null, lexed.Diagnostics);
            }

            string message = WitGrammar.LastFailure is { } failure && failure.Start == token.Span.Start
                ? failure.Message
                : error.Message ?? FallbackMessage(error, token);
            var location = file.Location(token.Span);
            return new ParseResult(null, ImmutableArray.Create(WitDiagnostic.Error(WitDiagnosticIds.Syntax, message, location)));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A bug in the parser must still come back as a value.
            return new ParseResult(null, ImmutableArray.Create(WitDiagnostic.Error(
                WitDiagnosticIds.Syntax, $"internal parser error: {ex.Message}", SourceLocation.None(file.Path))));
        }
    }

    private static string FallbackMessage(ParseError<Token> error, Token token)
    {
        var expected = error.Expected.Select(e => e.Label ?? string.Join(" ", e.Tokens.Select(t => t.Describe()))).Distinct().ToList();
        return expected.Count == 0
            ? $"unexpected {token.Describe()}"
            : $"expected {string.Join(" or ", expected)}, found {token.Describe()}";
    }

    // The reference limits recursion: a type more than 100 levels deep, or a package nested more than
    // 100 levels, is an error. Checking the tokens up front also keeps the combinators off deep stacks.
    private static WitDiagnostic? CheckNesting(SourceFile file, ReadOnlySpan<Token> tokens)
    {
        int angles = 0;
        int packages = 0;
        bool pendingPackage = false;
        var braces = new Stack<bool>();
        for (int i = 0; i < tokens.Length; i++)
        {
            var t = tokens[i];
            switch (t.Kind)
            {
                case TokenKind.LessThan:
                    angles++;
                    if (angles >= MaxNesting && i + 1 < tokens.Length)
                    {
                        return WitDiagnostic.Error(WitDiagnosticIds.Syntax, "type nesting too deep", file.Location(tokens[i + 1].Span));
                    }

                    break;
                case TokenKind.GreaterThan:
                    angles = Math.Max(0, angles - 1);
                    break;
                case TokenKind.Semicolon:
                    pendingPackage = false;
                    break;
                case TokenKind.Package:
                    if (packages >= MaxNesting)
                    {
                        return WitDiagnostic.Error(WitDiagnosticIds.Syntax, "package nesting too deep", file.Location(t.Span));
                    }

                    pendingPackage = true;
                    break;
                case TokenKind.LeftBrace:
                    braces.Push(pendingPackage);
                    if (pendingPackage)
                    {
                        packages++;
                    }

                    pendingPackage = false;
                    break;
                case TokenKind.RightBrace:
                    if (braces.Count > 0 && braces.Pop())
                    {
                        packages--;
                    }

                    break;
            }
        }

        return null;
    }
}
