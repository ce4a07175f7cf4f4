namespace Yoi.Mocks.Discord;

/// <summary>A frame the server sent (recorded just before sending, so anything the client does in answer comes after it).</summary>
/// <param name="Time">When it was sent.</param>
/// <param name="Op">Its opcode (<see cref="GatewayOpcode"/>).</param>
/// <param name="EventName">For a dispatch, its <c>t</c> (e.g. <c>READY</c>); otherwise null.</param>
/// <param name="Sequence">For a dispatch, its <c>s</c>; otherwise null.</param>
/// <param name="Text">The frame as sent.</param>
public sealed record SentFrame(DateTimeOffset Time, int Op, string? EventName, long? Sequence, string Text);
