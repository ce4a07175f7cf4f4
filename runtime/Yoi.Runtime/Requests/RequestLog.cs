using Microsoft.Extensions.Logging;

namespace Yoi.Runtime.Requests;

/// <summary>What the request API logs: policy decisions and outcomes. Never bodies or header values.</summary>
internal static partial class RequestLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "request allowed for {Instance}: {Decision}")]
    public static partial void Allowed(ILogger logger, string instance, string decision);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "request of {Instance} refused or failed ({Reason}): {Detail}")]
    public static partial void Failed(ILogger logger, string instance, string reason, string detail);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Information, Message = "request of {Instance} to {Url} via {Addresses} answered {Status} ({Bytes} bytes{Truncated})")]
    public static partial void Answered(ILogger logger, string instance, string url, string addresses, int status, int bytes, string truncated);
}
