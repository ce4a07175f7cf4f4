namespace Yoi.Runtime.Policy;

/// <summary>
/// A list of allowed tokens (WebSocket subprotocols or HTTP methods) where <c>*</c> allows any
/// token and is broad. Tokens compare case-sensitively, as RFC 6455 and RFC 9110 specify.
/// </summary>
public sealed record TokenRule
{
    public const string AnyToken = "*";

    private TokenRule(IReadOnlyList<string> tokens, bool allowsAny)
    {
        Tokens = tokens;
        AllowsAny = allowsAny;
    }

    public static TokenRule None { get; } = new([], false);

    public static TokenRule Any { get; } = new([], true);

    public IReadOnlyList<string> Tokens { get; }

    public bool AllowsAny { get; }

    public bool IsBroad => AllowsAny;

    /// <param name="what">"subprotocol" or "method", for messages.</param>
    public static Result<TokenRule, string> Create(IEnumerable<string> tokens, string what)
    {
        var list = new List<string>();
        var any = false;
        foreach (var token in tokens)
        {
            if (token == AnyToken)
            {
                any = true;
                continue;
            }

            if (!HttpToken.IsValid(token))
            {
                return Result<TokenRule, string>.Fail($"'{token}' is not a valid {what} (an RFC 7230 token: letters, digits and !#$%&'*+-.^_`|~)");
            }

            if (list.Contains(token))
            {
                return Result<TokenRule, string>.Fail($"the {what} '{token}' is listed twice");
            }

            list.Add(token);
        }

        return Result<TokenRule, string>.Ok(new TokenRule(any ? [] : list, any));
    }

    public bool Allows(string token) => AllowsAny ? HttpToken.IsValid(token) : Tokens.Contains(token);

    public override string ToString() => AllowsAny ? AnyToken : Tokens.Count == 0 ? "none" : string.Join(", ", Tokens);
}
