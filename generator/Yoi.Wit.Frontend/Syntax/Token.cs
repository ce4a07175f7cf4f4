using System.Collections.Immutable;
using Yoi.Wit.Text;

namespace Yoi.Wit.Syntax;

/// <summary>The kinds of WIT tokens. Whitespace and comments are not tokens; comments ride on the next token.</summary>
public enum TokenKind : byte
{
    /// <summary>End of input (always the last token of a successful lex).</summary>
    Eof,

    /// <summary>Where lexing stopped because of a lexical error (always the last token when present).</summary>
    Error,

    /// <summary>A plain identifier; <see cref="Token.Text"/> is its name.</summary>
    Id,

    /// <summary>A <c>%</c>-escaped identifier; <see cref="Token.Text"/> is the name without the <c>%</c>.</summary>
    ExplicitId,

    /// <summary>A decimal integer (fixed-size list lengths).</summary>
    Integer,

    /// <summary>A semantic version such as <c>1.0.0-rc.1+build</c> (validated by the lexer).</summary>
    Version,

    Equals,
    Comma,
    Colon,
    Period,
    Semicolon,
    LeftParen,
    RightParen,
    LeftBrace,
    RightBrace,
    LessThan,
    GreaterThan,
    RArrow,
    Star,
    At,
    Slash,
    Plus,
    Minus,

    // Keywords.
    Use,
    Type,
    Func,
    U8,
    U16,
    U32,
    U64,
    S8,
    S16,
    S32,
    S64,
    F32,
    F64,
    Char,
    Record,
    Resource,
    Own,
    Borrow,
    Flags,
    Variant,
    Enum,
    Bool,
    String,
    Option,
    Result,
    Future,
    Stream,
    ErrorContext,
    List,
    Map,
    Underscore,
    As,
    From,
    Static,
    Interface,
    Tuple,
    Import,
    Export,
    World,
    Package,
    Constructor,
    Async,
    Include,
    With,
}

/// <summary>
/// One token: its kind, where it is, its text for identifiers, integers and versions, and the comments
/// written between the previous token and this one (raw, with their markers), which become <see cref="Docs"/>.
/// </summary>
public readonly record struct Token(TokenKind Kind, TextSpan Span, string? Text, ImmutableArray<string> LeadingComments)
{
    /// <summary>How the reference parser names this token in "expected X, found Y" messages.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.Eof => "eof",
        TokenKind.Error => "an invalid token",
        TokenKind.Id => "an identifier",
        TokenKind.ExplicitId => "an '%' identifier",
        TokenKind.Integer => "an integer",
        TokenKind.Version => "a version",
        _ => TokenFacts.Describe(Kind),
    };

    public override string ToString() => Text is null ? $"{Kind}@{Span}" : $"{Kind}({Text})@{Span}";
}

/// <summary>Keyword spellings and token descriptions.</summary>
public static class TokenFacts
{
    private static readonly Dictionary<string, TokenKind> s_keywords = new(StringComparer.Ordinal)
    {
        ["use"] = TokenKind.Use,
        ["type"] = TokenKind.Type,
        ["func"] = TokenKind.Func,
        ["u8"] = TokenKind.U8,
        ["u16"] = TokenKind.U16,
        ["u32"] = TokenKind.U32,
        ["u64"] = TokenKind.U64,
        ["s8"] = TokenKind.S8,
        ["s16"] = TokenKind.S16,
        ["s32"] = TokenKind.S32,
        ["s64"] = TokenKind.S64,
        ["f32"] = TokenKind.F32,
        ["f64"] = TokenKind.F64,
        ["char"] = TokenKind.Char,
        ["record"] = TokenKind.Record,
        ["resource"] = TokenKind.Resource,
        ["own"] = TokenKind.Own,
        ["borrow"] = TokenKind.Borrow,
        ["flags"] = TokenKind.Flags,
        ["variant"] = TokenKind.Variant,
        ["enum"] = TokenKind.Enum,
        ["bool"] = TokenKind.Bool,
        ["string"] = TokenKind.String,
        ["option"] = TokenKind.Option,
        ["result"] = TokenKind.Result,
        ["future"] = TokenKind.Future,
        ["stream"] = TokenKind.Stream,
        ["error-context"] = TokenKind.ErrorContext,
        ["list"] = TokenKind.List,
        ["map"] = TokenKind.Map,
        ["_"] = TokenKind.Underscore,
        ["as"] = TokenKind.As,
        ["from"] = TokenKind.From,
        ["static"] = TokenKind.Static,
        ["interface"] = TokenKind.Interface,
        ["tuple"] = TokenKind.Tuple,
        ["import"] = TokenKind.Import,
        ["export"] = TokenKind.Export,
        ["world"] = TokenKind.World,
        ["package"] = TokenKind.Package,
        ["constructor"] = TokenKind.Constructor,
        ["async"] = TokenKind.Async,
        ["include"] = TokenKind.Include,
        ["with"] = TokenKind.With,
    };

    private static readonly Dictionary<TokenKind, string> s_spelling = s_keywords.ToDictionary(kv => kv.Value, kv => kv.Key);

    /// <summary>The keyword spelled <paramref name="text"/>, if it is one.</summary>
    public static bool TryGetKeyword(string text, out TokenKind kind) => s_keywords.TryGetValue(text, out kind);

    public static bool IsKeyword(TokenKind kind) => kind >= TokenKind.Use;

    /// <summary>The spelling of a keyword or punctuation kind.</summary>
    public static string Spelling(TokenKind kind) => kind switch
    {
        TokenKind.Equals => "=",
        TokenKind.Comma => ",",
        TokenKind.Colon => ":",
        TokenKind.Period => ".",
        TokenKind.Semicolon => ";",
        TokenKind.LeftParen => "(",
        TokenKind.RightParen => ")",
        TokenKind.LeftBrace => "{",
        TokenKind.RightBrace => "}",
        TokenKind.LessThan => "<",
        TokenKind.GreaterThan => ">",
        TokenKind.RArrow => "->",
        TokenKind.Star => "*",
        TokenKind.At => "@",
        TokenKind.Slash => "/",
        TokenKind.Plus => "+",
        TokenKind.Minus => "-",
        _ => s_spelling.TryGetValue(kind, out var s) ? s : kind.ToString(),
    };

    /// <summary>The reference wording: <c>keyword `type`</c>, <c>'{'</c>, <c>an identifier</c>, <c>eof</c>.</summary>
    public static string Describe(TokenKind kind) => kind switch
    {
        TokenKind.Eof => "eof",
        TokenKind.Error => "an invalid token",
        TokenKind.Id => "an identifier",
        TokenKind.ExplicitId => "an '%' identifier",
        TokenKind.Integer => "an integer",
        TokenKind.Version => "a version",
        _ when IsKeyword(kind) => $"keyword `{Spelling(kind)}`",
        _ => $"'{Spelling(kind)}'",
    };
}
