using System.Text.Json.Nodes;

namespace Yoi.Mocks.Discord;

/// <summary>An Identify (op 2) the client sent, whatever the server made of it.</summary>
/// <param name="Time">When it arrived.</param>
/// <param name="Token">Its <c>d.token</c>, or null when missing or not a string.</param>
/// <param name="Intents">Its <c>d.intents</c>, or null when missing or not an integer.</param>
/// <param name="Data">A copy of its whole <c>d</c> (e.g. <c>properties</c>).</param>
public sealed record IdentifyRecord(DateTimeOffset Time, string? Token, long? Intents, JsonObject Data);
