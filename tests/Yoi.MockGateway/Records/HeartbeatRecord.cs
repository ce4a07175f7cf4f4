namespace Yoi.Mocks.Discord;

/// <summary>A Heartbeat (op 1) the client sent.</summary>
/// <param name="Time">When it arrived.</param>
/// <param name="Sequence">Its <c>d</c>: the last sequence the client says it received, or null.</param>
/// <param name="LastSequenceSent">The <c>s</c> of the last dispatch this connection had sent when it arrived, or null when none.</param>
public sealed record HeartbeatRecord(DateTimeOffset Time, long? Sequence, long? LastSequenceSent);
