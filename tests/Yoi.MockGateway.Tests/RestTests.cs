using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Yoi.Mocks.Discord.Tests;

/// <summary>The REST side: message posts with bot authorization, recorded; 401, 400 and 429 answers.</summary>
public sealed class RestTests
{
    private static readonly MockGatewayOptions Options = new() { Token = "secret", BotUserId = "42" };

    private static HttpClient Client(MockGateway gateway, string? authorization)
    {
        var http = new HttpClient { BaseAddress = new Uri(gateway.RestBaseUrl + "/"), Timeout = TestClient.Within };
        if (authorization is not null)
        {
            http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }

        return http;
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string channelId, string body) =>
        http.PostAsync($"channels/{channelId}/messages", new StringContent(body, Encoding.UTF8, "application/json"));

    private static async Task<JsonObject> BodyAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    [Fact]
    public async Task A_post_with_bot_authorization_is_recorded_and_answered_with_the_message()
    {
        await using var gateway = await MockGateway.StartAsync(Options);
        using var http = Client(gateway, "Bot secret");

        using var response = await PostAsync(http, "123", """{"content":"hi there"}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var message = await BodyAsync(response);
        Assert.Equal("123", (string?)message["channel_id"]);
        Assert.Equal("hi there", (string?)message["content"]);
        Assert.Equal("42", (string?)message["author"]!["id"]);
        Assert.True((bool?)message["author"]!["bot"]);

        var post = Assert.Single(gateway.Snapshot().Posts);
        Assert.Equal(("123", "hi there", "Bot secret", true, 200), (post.ChannelId, post.Content, post.Authorization, post.AuthorizationValid, post.Status));
        Assert.Equal((string?)message["id"], post.MessageId);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bot wrong")]
    [InlineData("secret")]
    [InlineData("Bearer secret")]
    public async Task A_post_without_the_right_authorization_gets_401(string? authorization)
    {
        await using var gateway = await MockGateway.StartAsync(Options);
        using var http = Client(gateway, authorization);

        using var response = await PostAsync(http, "123", """{"content":"hi"}""");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = await BodyAsync(response);
        Assert.Equal(("401: Unauthorized", 0), ((string?)error["message"], (int?)error["code"]));
        var post = Assert.Single(gateway.Snapshot().Posts);
        Assert.Equal((authorization, false, 401, (string?)null), (post.Authorization, post.AuthorizationValid, post.Status, post.MessageId));
    }

    [Theory]
    [InlineData("""{"content":""}""", 50006)]
    [InlineData("""{"embeds":[]}""", 50006)]
    [InlineData("not json", 50109)]
    public async Task A_post_without_content_gets_400(string body, int code)
    {
        await using var gateway = await MockGateway.StartAsync(Options);
        using var http = Client(gateway, "Bot secret");
        using var response = await PostAsync(http, "123", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, (int?)(await BodyAsync(response))["code"]);
    }

    [Fact]
    public async Task A_post_not_sent_as_json_has_no_content()
    {
        await using var gateway = await MockGateway.StartAsync(Options);
        using var http = Client(gateway, "Bot secret");
        using var response = await http.PostAsync("channels/1/messages", new StringContent("""{"content":"hi"}""", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(Assert.Single(gateway.Snapshot().Posts).Content);
    }

    [Fact]
    public async Task Rate_limited_posts_get_429_with_retry_after_then_posts_go_through()
    {
        await using var gateway = await MockGateway.StartAsync(Options);
        using var http = Client(gateway, "Bot secret");
        gateway.RateLimitPosts(1, TimeSpan.FromMilliseconds(1500));

        using var limited = await PostAsync(http, "1", """{"content":"first"}""");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal(1.5, (double?)(await BodyAsync(limited))["retry_after"]);
        Assert.Equal(TimeSpan.FromSeconds(2), limited.Headers.RetryAfter?.Delta);

        using var accepted = await PostAsync(http, "1", """{"content":"first"}""");
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal([429, 200], gateway.Snapshot().Posts.Select(post => post.Status));
    }

    [Fact]
    public async Task Gateway_bot_points_at_the_mock_gateway()
    {
        await using var gateway = await MockGateway.StartAsync(Options);
        using var http = Client(gateway, "Bot secret");
        var info = await http.GetFromJsonAsync<JsonObject>("gateway/bot");
        Assert.Equal(gateway.GatewayUrl, (string?)info!["url"]);
        Assert.Equal(1, (int?)info["shards"]);

        using var anonymous = Client(gateway, null);
        using var refused = await anonymous.GetAsync("gateway/bot");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var unknown = await anonymous.GetAsync("users/@me");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
