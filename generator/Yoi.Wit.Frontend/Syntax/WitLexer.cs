using System.Collections.Immutable;
using System.Globalization;
using Yoi.Wit.Text;

namespace Yoi.Wit.Syntax;

/// <summary>
/// What lexing produced: the tokens (ending with <see cref="TokenKind.Eof"/>, or with
/// <see cref="TokenKind.Error"/> where a lexical error stopped it) and the lexical diagnostics (at most one).
/// </summary>
public sealed record LexResult(ImmutableArray<Token> Tokens, ImmutableArray<WitDiagnostic> Diagnostics)
{
    public bool Succeeded => Diagnostics.IsDefaultOrEmpty;
}

/// <summary>
/// The hand-written WIT lexer, following the reference tokenizer (wit-parser's lex.rs): whitespace and
/// comments (line, and block comments that nest) are skipped, but every comment is attached to the token
/// after it. Identifiers follow the kebab-case rules; a leading '%' escapes keywords. Versions after '@'
/// (and in attributes) are one token and must be valid semantic versions. Never throws: the first lexical
/// error becomes a diagnostic and an <see cref="TokenKind.Error"/> token where lexing stopped.
/// </summary>
public static class WitLexer
{
    public static LexResult Lex(SourceFile file)
    {
        var lexer = new Lexer(file);
        lexer.Run();
        return new LexResult(lexer.Tokens.ToImmutable(),
            lexer.Diagnostic is null ? ImmutableArray<WitDiagnostic>.Empty : ImmutableArray.Create(lexer.Diagnostic));
    }

    /// <summary>
    /// Checks an identifier against the kebab-case rules: words separated by single '-', each word starting
    /// with an ASCII letter and either all lower-case or all upper-case (digits allowed after the first char).
    /// Returns null when valid, else the reference message.
    /// </summary>
    public static string? ValidateIdentifier(string name)
    {
        if (name.Length == 0)
        {
            return "identifiers must have characters between '-'s";
        }

        int i = 0;
        while (true)
        {
            int end = name.IndexOf('-', i);
            if (end < 0)
            {
                end = name.Length;
            }

            if (end == i)
            {
                return "identifiers must have characters between '-'s";
            }

            char first = name[i];
            bool upper;
            if (first is >= 'a' and <= 'z')
            {
                upper = false;
            }
            else if (first is >= 'A' and <= 'Z')
            {
                upper = true;
            }
            else
            {
                return $"invalid character in identifier {Quote(first)}";
            }

            for (int j = i + 1; j < end; j++)
            {
                char c = name[j];
                bool ok = c is >= '0' and <= '9' || (upper ? c is >= 'A' and <= 'Z' : c is >= 'a' and <= 'z');
                if (!ok)
                {
                    return $"invalid character in identifier {Quote(c)}";
                }
            }

            if (end == name.Length)
            {
                return null;
            }

            i = end + 1;
        }
    }

    /// <summary>Validates semantic-version text (semver 2.0.0). Returns null when valid, else a message.</summary>
    public static string? ValidateVersion(string text)
    {
        int plus = text.IndexOf('+');
        string main = plus < 0 ? text : text[..plus];
        string? build = plus < 0 ? null : text[(plus + 1)..];
        int dash = main.IndexOf('-');
        string core = dash < 0 ? main : main[..dash];
        string? pre = dash < 0 ? null : main[(dash + 1)..];

        string[] parts = core.Split('.');
        string[] names = ["major", "minor", "patch"];
        if (parts.Length != 3)
        {
            return parts.Length < 3
                ? $"unexpected end of input while parsing {names[parts.Length]} version number"
                : "unexpected character '.' after patch version number";
        }

        for (int k = 0; k < 3; k++)
        {
            string part = parts[k];
            if (part.Length == 0 || !part.All(char.IsAsciiDigit))
            {
                return $"invalid {names[k]} version number `{part}`";
            }

            if (part.Length > 1 && part[0] == '0')
            {
                return $"invalid leading zero in {names[k]} version number";
            }

            if (!ulong.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                return $"value of {names[k]} version number exceeds u64::MAX";
            }
        }

        if (pre is not null)
        {
            foreach (string id in pre.Split('.'))
            {
                if (id.Length == 0)
                {
                    return "empty identifier segment in pre-release identifier";
                }

                if (!id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
                {
                    return $"unexpected character in pre-release identifier `{id}`";
                }

                if (id.All(char.IsAsciiDigit) && id.Length > 1 && id[0] == '0')
                {
                    return "invalid leading zero in pre-release identifier";
                }
            }
        }

        if (build is not null)
        {
            foreach (string id in build.Split('.'))
            {
                if (id.Length == 0)
                {
                    return "empty identifier segment in build metadata";
                }

                if (!id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
                {
                    return $"unexpected character in build metadata `{id}`";
                }
            }
        }

        return null;
    }

    internal static string Quote(char c) => c switch
    {
        '\'' => "'\\''",
        '\\' => "'\\\\'",
        '\n' => "'\\n'",
        '\r' => "'\\r'",
        '\t' => "'\\t'",
        _ when char.IsControl(c) || char.IsSurrogate(c) => $"'\\u{{{(int)c:x}}}'",
        _ => $"'{c}'",
    };

    private static bool IsKeylikeStart(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or '_'
        || (c > 0x7f && (char.IsLetter(c) || char.GetUnicodeCategory(c) == UnicodeCategory.LetterNumber));

    private static bool IsKeylikeContinue(char c) => c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '-'
        || (c > 0x7f && (char.IsLetterOrDigit(c) || char.GetUnicodeCategory(c) is UnicodeCategory.LetterNumber
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.ConnectorPunctuation));

    private static bool IsVersionChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '-';

    private sealed class Lexer(SourceFile file)
    {
        private readonly string _text = file.Text;
        private readonly List<string> _comments = [];
        private int _pos;

        public ImmutableArray<Token>.Builder Tokens { get; } = ImmutableArray.CreateBuilder<Token>(Math.Max(16, file.Text.Length / 5));

        public WitDiagnostic? Diagnostic { get; private set; }

        public void Run()
        {
            if (CheckForbiddenCharacters())
            {
                return;
            }

            if (_text.Length > 0 && _text[0] == '\uFEFF')
            {
                _pos = 1;
            }

            while (true)
            {
                if (!SkipTrivia())
                {
                    return;
                }

                if (_pos >= _text.Length)
                {
                    Add(TokenKind.Eof, _pos, _pos);
                    return;
                }

                if (!LexToken())
                {
                    return;
                }
            }
        }

        // The reference rejects control codes (other than tab, CR, LF), bidirectional overrides and a few
        // deprecated code points anywhere in the file, before tokenizing.
        private bool CheckForbiddenCharacters()
        {
            for (int i = 0; i < _text.Length; i++)
            {
                char c = _text[i];
                string? message = null;
                if (c is '\n' or '\r' or '\t')
                {
                    continue;
                }

                if (c is '\u202a' or '\u202b' or '\u202c' or '\u202d' or '\u202e' or '\u2066' or '\u2067' or '\u2068' or '\u2069')
                {
                    message = $"input contains bidirectional override codepoint '\\u{{{(int)c:x}}}'";
                }
                else if (c is '\u0149' or '\u0673' or '\u0f77' or '\u0f79' or '\u17a3' or '\u17a4' or '\u17b4' or '\u17b5')
                {
                    message = $"codepoint '\\u{{{(int)c:x}}}' is discouraged by Unicode";
                }
                else if (char.IsControl(c))
                {
                    message = $"control code '\\u{{{(int)c:x}}}'";
                }

                if (message is not null)
                {
                    _pos = i;
                    Fail(i, i + 1, message);
                    return true;
                }
            }

            return false;
        }

        private bool SkipTrivia()
        {
            while (_pos < _text.Length)
            {
                char c = _text[_pos];
                if (c is ' ' or '\t' or '\n')
                {
                    _pos++;
                }
                else if (c == '\r' && _pos + 1 < _text.Length && _text[_pos + 1] == '\n')
                {
                    _pos += 2;
                }
                else if (c == '/' && _pos + 1 < _text.Length && _text[_pos + 1] == '/')
                {
                    int start = _pos;
                    int nl = _text.IndexOf('\n', _pos);
                    _pos = nl < 0 ? _text.Length : nl + 1;
                    _comments.Add(_text[start.._pos].TrimEnd());
                }
                else if (c == '/' && _pos + 1 < _text.Length && _text[_pos + 1] == '*')
                {
                    int start = _pos;
                    int depth = 1;
                    _pos += 2;
                    while (depth > 0)
                    {
                        if (_pos >= _text.Length)
                        {
                            Fail(start, start + 2, "unterminated block comment");
                            return false;
                        }

                        char d = _text[_pos++];
                        if (d == '/' && _pos < _text.Length && _text[_pos] == '*')
                        {
                            _pos++;
                            depth++;
                        }
                        else if (d == '*' && _pos < _text.Length && _text[_pos] == '/')
                        {
                            _pos++;
                            depth--;
                        }
                    }

                    _comments.Add(_text[start.._pos]);
                }
                else
                {
                    break;
                }
            }

            return true;
        }

        private bool LexToken()
        {
            int start = _pos;
            char c = _text[_pos];
            TokenKind kind;
            switch (c)
            {
                case '=': kind = TokenKind.Equals; break;
                case ',': kind = TokenKind.Comma; break;
                case ':': kind = TokenKind.Colon; break;
                case '.': kind = TokenKind.Period; break;
                case ';': kind = TokenKind.Semicolon; break;
                case '(': kind = TokenKind.LeftParen; break;
                case ')': kind = TokenKind.RightParen; break;
                case '{': kind = TokenKind.LeftBrace; break;
                case '}': kind = TokenKind.RightBrace; break;
                case '<': kind = TokenKind.LessThan; break;
                case '>': kind = TokenKind.GreaterThan; break;
                case '*': kind = TokenKind.Star; break;
                case '@': kind = TokenKind.At; break;
                case '/': kind = TokenKind.Slash; break;
                case '+': kind = TokenKind.Plus; break;
                case '-':
                    if (_pos + 1 < _text.Length && _text[_pos + 1] == '>')
                    {
                        _pos += 2;
                        Add(TokenKind.RArrow, start, _pos);
                        return true;
                    }

                    kind = TokenKind.Minus;
                    break;
                case '%':
                    return LexIdentifier(start, explicitId: true);
                default:
                    if (char.IsAsciiDigit(c))
                    {
                        return LexNumber(start);
                    }

                    if (IsKeylikeStart(c))
                    {
                        return LexIdentifier(start, explicitId: false);
                    }

                    if (char.IsHighSurrogate(c) && _pos + 1 < _text.Length && char.IsLowSurrogate(_text[_pos + 1]))
                    {
                        Fail(start, start + 2, $"unexpected character '{_text.Substring(start, 2)}'");
                        return false;
                    }

                    Fail(start, start + 1, $"unexpected character {Quote(c)}");
                    return false;
            }

            _pos++;
            Add(kind, start, _pos);
            return true;
        }

        private bool LexIdentifier(int start, bool explicitId)
        {
            int nameStart = explicitId ? start + 1 : start;
            _pos = nameStart;
            if (!explicitId || (_pos < _text.Length && IsKeylikeStart(_text[_pos])))
            {
                _pos++;
                while (_pos < _text.Length && IsKeylikeContinue(_text[_pos]))
                {
                    _pos++;
                }
            }

            string name = _text[nameStart.._pos];
            if (!explicitId && TokenFacts.TryGetKeyword(name, out var keyword))
            {
                Add(keyword, start, _pos);
                return true;
            }

            string? error = ValidateIdentifier(name);
            if (error is not null)
            {
                Fail(start, _pos, error);
                return false;
            }

            Add(explicitId ? TokenKind.ExplicitId : TokenKind.Id, start, _pos, name);
            return true;
        }

        private bool LexNumber(int start)
        {
            while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
            {
                _pos++;
            }

            if (_pos + 1 < _text.Length && _text[_pos] == '.' && char.IsAsciiDigit(_text[_pos + 1]))
            {
                return LexVersion(start);
            }

            if (_pos < _text.Length && IsKeylikeContinue(_text[_pos]) && _text[_pos] != '-')
            {
                Fail(start, _pos + 1, $"invalid character in identifier {Quote(_text[start])}");
                return false;
            }

            Add(TokenKind.Integer, start, _pos, _text[start.._pos]);
            return true;
        }

        // A version is `N.N.N`, then optional `-pre.release` and `+build.meta`. Like the reference, a '.'
        // only continues the version when an identifier character follows, so `a:b/c@1.0.0.{x}` works.
        private bool LexVersion(int start)
        {
            for (int dots = 0; dots < 2; dots++)
            {
                if (_pos < _text.Length && _text[_pos] == '.' && _pos + 1 < _text.Length && char.IsAsciiDigit(_text[_pos + 1]))
                {
                    _pos++;
                    while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
                    {
                        _pos++;
                    }
                }
            }

            EatIdentifiers('-');
            EatIdentifiers('+');

            // `1.0.0abc` or `1.0x`: the version runs straight into other identifier characters.
            int end = _pos;
            while (end < _text.Length && IsKeylikeContinue(_text[end]))
            {
                end++;
            }

            string text = _text[start..end];
            string? error = ValidateVersion(text);
            if (error is not null)
            {
                Fail(start, end, $"invalid semantic version `{text}`: {error}");
                return false;
            }

            _pos = end;
            Add(TokenKind.Version, start, end, text);
            return true;
        }

        private void EatIdentifiers(char prefix)
        {
            if (_pos >= _text.Length || _text[_pos] != prefix)
            {
                return;
            }

            _pos++;
            while (true)
            {
                while (_pos < _text.Length && IsVersionChar(_text[_pos]))
                {
                    _pos++;
                }

                if (_pos + 1 < _text.Length && _text[_pos] == '.' && IsVersionChar(_text[_pos + 1]))
                {
                    _pos++;
                    continue;
                }

                return;
            }
        }

        private void Add(TokenKind kind, int start, int end, string? text = null)
        {
            ImmutableArray<string> comments = ImmutableArray<string>.Empty;
            if (_comments.Count > 0)
            {
                comments = [.. _comments];
                _comments.Clear();
            }

            Tokens.Add(new Token(kind, new TextSpan(start, end), text, comments));
        }

        private void Fail(int start, int end, string message)
        {
            Diagnostic = WitDiagnostic.Error(WitDiagnosticIds.Lexical, message, file.Location(new TextSpan(start, end)));
            Add(TokenKind.Error, start, end);
        }
    }
}
