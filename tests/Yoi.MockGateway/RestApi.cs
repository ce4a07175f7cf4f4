using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Yoi.Mocks.Discord;

/// <summary>
/// The REST routes under <c>/api/v10</c>: <c>POST channels/{id}/messages</c> (recorded), and
/// <c>GET gateway</c> / <c>GET gateway/bot</c> pointing at the mock's gateway. Errors are Discord's JSON
/// shape, <c>{"message", "code"}</c>.
/// </summary>
internal sealed class RestApi(MockGateway gateway, Recorder recorder)
{
    private const int MaxContentLength = 2000;

    private readonly Lock _lock = new();
    private int _rateLimitedPosts;
    private TimeSpan _retryAfter;

    public void RateLimit(int count, TimeSpan retryAfter)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_lock)
        {
            _rateLimitedPosts = count;
            _retryAfter = retryAfter;
        }
    }

    /// <summary>Answers one request; <paramref name="route"/> is the path after <c>/api/v10</c>.</summary>
    public Task HandleAsync(HttpContext context, string route)
    {
        var segments = route.Trim('/').Split('/');
        var method = context.Request.Method;
        return (method, segments) switch
        {
            ("POST", ["channels", var channelId, "messages"]) => PostMessageAsync(context, channelId),
            ("GET", ["gateway"]) => WriteAsync(context, 200, new JsonObject { ["url"] = gateway.GatewayUrl }),
            ("GET", ["gateway", "bot"]) when IsAuthorized(context, out _) => WriteAsync(context, 200, GatewayBot()),
            ("GET", ["gateway", "bot"]) => WriteAsync(context, 401, Error("401: Unauthorized", 0)),
            _ => WriteAsync(context, 404, Error("404: Not Found", 0)),
        };
    }

    private async Task PostMessageAsync(HttpContext context, string channelId)
    {
        var now = recorder.Now;
        var authorized = IsAuthorized(context, out var authorization);
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(context.RequestAborted);

        // Like Discord, a body not sent as application/json is not read as JSON (so it has no content).
        var isJson = context.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true;
        var parsed = isJson ? ParseObject(body) : new JsonObject();
        var content = parsed?["content"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

        var (status, answer) = (authorized, TakeRateLimit(authorized), parsed, content) switch
        {
            (false, _, _, _) => (401, Error("401: Unauthorized", 0)),
            (_, { } retryAfter, _, _) => (429, RateLimited(context, retryAfter)),
            (_, _, null, _) => (400, Error("The request body contains invalid JSON.", 50109)),
            (_, _, _, null or "") => (400, Error("Cannot send an empty message", 50006)),
            (_, _, _, { Length: > MaxContentLength }) => (400, Error("Invalid Form Body", 50035)),
            _ => (200, gateway.MessageObject(channelId, content!, gateway.BotUser())),
        };
        var messageId = status == 200 ? answer["id"]!.GetValue<string>() : null;
        var post = new RestPostRecord(now, channelId, content, authorization, authorized, status, messageId);
        recorder.AddPost(post, $"rest POST channels/{channelId}/messages {Quote(content)} → {status}");
        await WriteAsync(context, status, answer);
    }

    private bool IsAuthorized(HttpContext context, out string? authorization)
    {
        var header = context.Request.Headers.Authorization;
        authorization = header.Count == 0 ? null : header.ToString();
        return authorization == $"Bot {gateway.Options.Token}";
    }

    // Only an authorized post uses up a rate-limited answer.
    private TimeSpan? TakeRateLimit(bool authorized)
    {
        lock (_lock)
        {
            if (!authorized || _rateLimitedPosts == 0)
            {
                return null;
            }

            _rateLimitedPosts--;
            return _retryAfter;
        }
    }

    private static JsonObject RateLimited(HttpContext context, TimeSpan retryAfter)
    {
        var seconds = retryAfter.TotalSeconds;
        var headers = context.Response.Headers;
        headers.RetryAfter = Math.Ceiling(seconds).ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Remaining"] = "0";
        headers["X-RateLimit-Reset-After"] = seconds.ToString("0.000", CultureInfo.InvariantCulture);
        return new JsonObject { ["message"] = "You are being rate limited.", ["retry_after"] = seconds, ["global"] = false };
    }

    private JsonObject GatewayBot() => new()
    {
        ["url"] = gateway.GatewayUrl,
        ["shards"] = 1,
        ["session_start_limit"] = new JsonObject { ["total"] = 1000, ["remaining"] = 1000, ["reset_after"] = 0, ["max_concurrency"] = 1 },
    };

    private static JsonObject Error(string message, int code) => new() { ["message"] = message, ["code"] = code };

    private static Task WriteAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private static JsonObject? ParseObject(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Quote(string? content) => content is null ? "(no content)" : JsonValue.Create(content).ToJsonString();
}
