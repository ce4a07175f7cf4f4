namespace Yoi.Mocks.Discord;

/// <summary>How a <see cref="MockGateway"/> behaves. Every member has a default that makes a well-behaved server.</summary>
public sealed record MockGatewayOptions
{
    /// <summary>The bot token: Identify and Resume must carry it as is, REST calls as <c>Authorization: Bot &lt;token&gt;</c>.</summary>
    public string Token { get; init; } = "mock-token";

    /// <summary>The interval Hello tells the client to heartbeat at (sent in whole milliseconds). Tests use 100 ms to 1 s.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromMilliseconds(41_250);

    /// <summary>
    /// Whether heartbeats are answered with Heartbeat ACK (op 11). False simulates a zombie connection.
    /// The starting value of <see cref="MockGateway.AcknowledgeHeartbeats"/>, which can change at any time.
    /// </summary>
    public bool AcknowledgeHeartbeats { get; init; } = true;

    /// <summary>How long after the WebSocket opens the server waits before sending Hello, on <see cref="TimeProvider"/>.</summary>
    public TimeSpan HelloDelay { get; init; } = TimeSpan.Zero;

    /// <summary>Intent bits the bot may not use (e.g. the privileged ones it was not granted): an Identify asking for any closes with 4014.</summary>
    public long DisallowedIntents { get; init; }

    /// <summary>The bot user READY describes and REST messages are authored by.</summary>
    public string BotUserId { get; init; } = "1100000000000000001";

    /// <summary>The bot's user name in READY.</summary>
    public string BotUsername { get; init; } = "mock-bot";

    /// <summary>
    /// At most this many entries are kept in each recorded list (each connection's frames, heartbeats,
    /// identifies and resumes; the posts; the log) and in each session's replay buffer, the oldest dropped
    /// first. Null keeps everything; set it for long soaks. A Resume that needs a dropped dispatch gets
    /// Invalid Session (<c>d</c> false), as a gateway whose buffer ran out would answer.
    /// </summary>
    public int? HistoryLimit { get; init; }

    /// <summary>The clock for every recorded time, snowflake and the Hello delay. Wait time-outs are real time.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Receives each event-log line as it is written (under the mock's lock: keep it quick), e.g. a demo's console.</summary>
    public Action<string>? Log { get; init; }
}
