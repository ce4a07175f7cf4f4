namespace Yoi.Runtime.Policy;

/// <summary>The host APIs that reach the network, each declared and granted on its own.</summary>
public enum HostApi
{
    WebSocket,
    Request,
}

public static class HostApiNames
{
    public const string WebSocket = "websocket";
    public const string Request = "request";

    public static string Name(this HostApi api) => api == HostApi.WebSocket ? WebSocket : Request;

    public static HostApi? TryParse(string? name) => name switch
    {
        WebSocket => HostApi.WebSocket,
        Request => HostApi.Request,
        _ => null,
    };

    public static bool AllowsScheme(this HostApi api, string scheme) =>
        api == HostApi.WebSocket ? scheme is "ws" or "wss" : scheme is "http" or "https";

    public static string SchemeList(this HostApi api) => api == HostApi.WebSocket ? "ws or wss" : "http or https";
}
