namespace Yoi.Mocks.Discord;

/// <summary>Gateway opcodes (the <c>op</c> field) this mock sends or understands.</summary>
public static class GatewayOpcode
{
    /// <summary>Dispatch (server → client): an event, with <c>t</c> and <c>s</c>.</summary>
    public const int Dispatch = 0;

    /// <summary>Heartbeat: the client's keep-alive (<c>d</c> = last sequence or null), or the server asking for one at once.</summary>
    public const int Heartbeat = 1;

    /// <summary>Identify (client → server): starts a new session.</summary>
    public const int Identify = 2;

    /// <summary>Presence Update (client → server): recorded and otherwise ignored (before authentication it closes with 4003).</summary>
    public const int PresenceUpdate = 3;

    /// <summary>Voice State Update (client → server): recorded and otherwise ignored (before authentication it closes with 4003).</summary>
    public const int VoiceStateUpdate = 4;

    /// <summary>Resume (client → server): continues a session, replaying what the client missed.</summary>
    public const int Resume = 6;

    /// <summary>Reconnect (server → client): reconnect and resume.</summary>
    public const int Reconnect = 7;

    /// <summary>Request Guild Members (client → server): recorded and otherwise ignored (before authentication it closes with 4003).</summary>
    public const int RequestGuildMembers = 8;

    /// <summary>Invalid Session (server → client): <c>d</c> says whether the session may be resumed.</summary>
    public const int InvalidSession = 9;

    /// <summary>Hello (server → client): the first frame, with <c>d.heartbeat_interval</c> in milliseconds.</summary>
    public const int Hello = 10;

    /// <summary>Heartbeat ACK (server → client): a heartbeat was received.</summary>
    public const int HeartbeatAck = 11;

    /// <summary>Request Soundboard Sounds (client → server): recorded and otherwise ignored (before authentication it closes with 4003).</summary>
    public const int RequestSoundboardSounds = 31;
}
