namespace Yoi.Runtime.Policy;

/// <summary>RFC 9110 (ex-7230) "token": the syntax of header names, methods and WebSocket subprotocols.</summary>
public static class HttpToken
{
    public static bool IsValid(string? text) => !string.IsNullOrEmpty(text) && text.All(IsTokenChar);

    public static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c)
        || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';
}
