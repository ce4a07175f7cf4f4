namespace Yoi.Runtime.Requests;

/// <summary>
/// The ways a one-shot request could ask for a connection that outlives it, each refused with its
/// own text (and reason tag) so a plugin author sees which rule applied: a <c>ws</c>/<c>wss</c> URL,
/// an <c>Upgrade</c> header, <c>Connection: upgrade</c>, and <c>Accept: text/event-stream</c> (SSE).
/// </summary>
internal static class PersistentConnectionForms
{
    public const string EventStream = "text/event-stream";

    /// <summary>A refusal for a ws/wss URL, or null.</summary>
    public static (string Reason, string Message)? CheckScheme(string scheme) =>
        scheme is "ws" or "wss"
            ? ("websocket-url", $"{scheme} URLs open persistent WebSocket connections; the request API refuses them (use the websocket API)")
            : null;

    /// <summary>A refusal for one request header, or null when it asks for nothing persistent.</summary>
    public static (string Reason, string Message)? CheckHeader(string name, string value)
    {
        if (name.Equals("Upgrade", StringComparison.OrdinalIgnoreCase))
        {
            return ("upgrade", $"the Upgrade header ('{value}') asks to switch to a persistent protocol; the request API refuses it");
        }

        if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase) && ListItems(value).Any(item => item.Equals("upgrade", StringComparison.OrdinalIgnoreCase)))
        {
            return ("connection-upgrade", "'Connection: upgrade' asks to switch to a persistent protocol; the request API refuses it");
        }

        if (name.Equals("Accept", StringComparison.OrdinalIgnoreCase)
            && ListItems(value).Any(range => MediaType(range).Equals(EventStream, StringComparison.OrdinalIgnoreCase)))
        {
            return ("event-stream", "'Accept: text/event-stream' asks for a server-sent event stream, a persistent connection; the request API refuses it");
        }

        return null;
    }

    private static IEnumerable<string> ListItems(string value) =>
        value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    private static string MediaType(string range)
    {
        var semicolon = range.IndexOf(';');
        return (semicolon < 0 ? range : range[..semicolon]).Trim();
    }
}
