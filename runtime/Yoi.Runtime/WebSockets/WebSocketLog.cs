using Microsoft.Extensions.Logging;

namespace Yoi.Runtime.WebSockets;

/// <summary>What the WebSocket host logs: policy decisions, connection ends, and host bugs in background work. Never message content.</summary>
internal static partial class WebSocketLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "websocket open allowed for {Instance}: {Decision}")]
    public static partial void OpenAllowed(ILogger logger, string instance, string decision);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "websocket open refused for {Instance} ({Reason}): {Detail}")]
    public static partial void OpenRefused(ILogger logger, string instance, string reason, string detail);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "websocket {Handle} of {Instance} connected to {Url} via {Addresses}")]
    public static partial void Connected(ILogger logger, uint handle, string instance, string url, string addresses);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "websocket {Handle} of {Instance} ended: {Why}")]
    public static partial void Ended(ILogger logger, uint handle, string instance, string why);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Error, Message = "websocket {Handle} of {Instance}: background work failed (a host bug)")]
    public static partial void BackgroundFailed(ILogger logger, Exception error, uint handle, string instance);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "websocket {Handle} of {Instance}: send refused: {Detail}")]
    public static partial void SendRefused(ILogger logger, uint handle, string instance, string detail);
}
