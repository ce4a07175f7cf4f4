namespace Yoi.Mocks.Discord;

/// <summary>A text frame the server received from the client.</summary>
/// <param name="Time">When it arrived (on <see cref="MockGatewayOptions.TimeProvider"/>).</param>
/// <param name="Text">The frame as received.</param>
/// <param name="Op">Its integer <c>op</c>, or null when it had none (or was not a JSON object).</param>
public sealed record ReceivedFrame(DateTimeOffset Time, string Text, int? Op);
