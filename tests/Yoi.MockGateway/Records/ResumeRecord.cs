namespace Yoi.Mocks.Discord;

/// <summary>A Resume (op 6) the client sent, and what came of it.</summary>
/// <param name="Time">When it arrived.</param>
/// <param name="Token">Its <c>d.token</c>, or null when missing or not a string.</param>
/// <param name="SessionId">Its <c>d.session_id</c>, or null when missing or not a string.</param>
/// <param name="Sequence">Its <c>d.seq</c>, or null when missing or not an integer.</param>
/// <param name="Outcome">What the server did.</param>
/// <param name="Replayed">How many dispatches were replayed before RESUMED (0 unless resumed).</param>
public sealed record ResumeRecord(DateTimeOffset Time, string? Token, string? SessionId, long? Sequence, ResumeOutcome Outcome, int Replayed);

/// <summary>What the server did with a Resume.</summary>
public enum ResumeOutcome
{
    /// <summary>Replayed the dispatches after <c>seq</c>, then sent RESUMED.</summary>
    Resumed,

    /// <summary>
    /// The session is unknown or ended, or its replay buffer (<see cref="MockGatewayOptions.HistoryLimit"/>) no
    /// longer holds what the client missed: sent Invalid Session (op 9, <c>d</c> false); the connection stays
    /// open for an Identify.
    /// </summary>
    InvalidSession,

    /// <summary>Wrong token: closed with 4004.</summary>
    AuthenticationFailed,

    /// <summary><c>seq</c> missing, negative or past the last sequence sent: closed with 4007 and ended the session.</summary>
    InvalidSequence,

    /// <summary>The connection was already authenticated: closed with 4005.</summary>
    AlreadyAuthenticated,
}
