namespace Yoi.Mocks.Discord;

/// <summary>Gateway close codes, with the reason text this mock sends alongside each.</summary>
public static class GatewayCloseCode
{
    /// <summary>Normal closure. Closing with it (or 1001) from the client ends the session: it cannot be resumed.</summary>
    public const int Normal = 1000;

    /// <summary>Going away. Like <see cref="Normal"/>, from the client it ends the session.</summary>
    public const int GoingAway = 1001;

    /// <summary>Unknown error; the client may reconnect and resume.</summary>
    public const int UnknownError = 4000;

    /// <summary>An opcode the gateway does not take from clients.</summary>
    public const int UnknownOpcode = 4001;

    /// <summary>A payload that is not a JSON object with an integer <c>op</c>, a binary frame, or one over 4096 bytes.</summary>
    public const int DecodeError = 4002;

    /// <summary>A payload other than Heartbeat, Identify or Resume before the session was identified or resumed.</summary>
    public const int NotAuthenticated = 4003;

    /// <summary>The token in Identify or Resume is wrong (or missing).</summary>
    public const int AuthenticationFailed = 4004;

    /// <summary>A second Identify (or a Resume) on a connection that is already authenticated.</summary>
    public const int AlreadyAuthenticated = 4005;

    /// <summary>Resume's <c>seq</c> is not an integer between 0 and the last sequence sent. Ends the session.</summary>
    public const int InvalidSequence = 4007;

    /// <summary>Sending payloads too quickly (only ever sent by a script).</summary>
    public const int RateLimited = 4008;

    /// <summary>The session timed out (only ever sent by a script). Ends the session.</summary>
    public const int SessionTimedOut = 4009;

    /// <summary>Invalid shard (only ever sent by a script). Ends the session.</summary>
    public const int InvalidShard = 4010;

    /// <summary>Sharding required (only ever sent by a script). Ends the session.</summary>
    public const int ShardingRequired = 4011;

    /// <summary>The URL's <c>v</c> query parameter is present and not 10. Ends the session.</summary>
    public const int InvalidApiVersion = 4012;

    /// <summary>Identify's <c>intents</c> is missing, not a non-negative integer, or has bits no intent uses. Ends the session.</summary>
    public const int InvalidIntents = 4013;

    /// <summary>Identify asks for an intent in <see cref="MockGatewayOptions.DisallowedIntents"/>. Ends the session.</summary>
    public const int DisallowedIntents = 4014;

    /// <summary>The reason text sent with <paramref name="code"/> (empty for codes without one).</summary>
    public static string Reason(int code) => code switch
    {
        UnknownError => "Unknown error",
        UnknownOpcode => "Unknown opcode",
        DecodeError => "Decode error",
        NotAuthenticated => "Not authenticated",
        AuthenticationFailed => "Authentication failed",
        AlreadyAuthenticated => "Already authenticated",
        InvalidSequence => "Invalid seq",
        RateLimited => "Rate limited",
        SessionTimedOut => "Session timed out",
        InvalidShard => "Invalid shard",
        ShardingRequired => "Sharding required",
        InvalidApiVersion => "Invalid API version",
        InvalidIntents => "Invalid intent(s)",
        DisallowedIntents => "Disallowed intent(s)",
        _ => "",
    };

    /// <summary>
    /// Whether the server closing with <paramref name="code"/> ends the session (a later Resume gets Invalid
    /// Session): 4004, 4007 and 4009–4014, as the gateway documentation says to start a new session after them.
    /// </summary>
    public static bool EndsSession(int code) => code is AuthenticationFailed or InvalidSequence or (>= SessionTimedOut and <= DisallowedIntents);
}
