namespace Yoi.Mocks.Discord;

/// <summary>A <c>POST /api/v10/channels/{channel_id}/messages</c> the server received, whatever it answered.</summary>
/// <param name="Time">When it arrived.</param>
/// <param name="ChannelId">The <c>{channel_id}</c> path segment.</param>
/// <param name="Content">The body's <c>content</c>, or null when the body was not a JSON object with a string <c>content</c>.</param>
/// <param name="Authorization">The Authorization header as sent, or null when missing.</param>
/// <param name="AuthorizationValid">Whether it was exactly <c>Bot &lt;token&gt;</c>.</param>
/// <param name="Status">The HTTP status answered: 200, 400, 401 or 429.</param>
/// <param name="MessageId">The id of the message made (200 only), otherwise null.</param>
public sealed record RestPostRecord(DateTimeOffset Time, string ChannelId, string? Content, string? Authorization, bool AuthorizationValid, int Status, string? MessageId);
