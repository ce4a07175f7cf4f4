namespace Yoi.Mocks.Discord;

/// <summary>A gateway session (made by an Identify), as it stands.</summary>
/// <param name="Id">Its <c>session_id</c>.</param>
/// <param name="LastSequence">The last sequence number given to one of its dispatches.</param>
/// <param name="Resumable">False once the session ended (see <see cref="GatewayCloseCode.EndsSession"/>, Invalid Session with false, a client closing with 1000/1001).</param>
/// <param name="ConnectionId">The connection it is attached to, or null while none is (dispatches then wait for a Resume).</param>
public sealed record SessionRecord(string Id, long LastSequence, bool Resumable, int? ConnectionId);
