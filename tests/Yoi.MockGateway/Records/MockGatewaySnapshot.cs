using System.Collections.Immutable;

namespace Yoi.Mocks.Discord;

/// <summary>Everything the mock has recorded, at one moment. Immutable: later changes make a new snapshot.</summary>
public sealed record MockGatewaySnapshot
{
    /// <summary>The empty snapshot a new mock starts with.</summary>
    public static MockGatewaySnapshot Empty { get; } = new();

    /// <summary>Every gateway connection accepted, in order (<see cref="ConnectionRecord.Id"/> is the index + 1).</summary>
    public ImmutableList<ConnectionRecord> Connections { get; init; } = [];

    /// <summary>Every session made, in order.</summary>
    public ImmutableList<SessionRecord> Sessions { get; init; } = [];

    /// <summary>Every message post received, in order.</summary>
    public ImmutableList<RestPostRecord> Posts { get; init; } = [];

    /// <summary>The event log, one line per thing that happened.</summary>
    public ImmutableList<string> Log { get; init; } = [];

    /// <summary>How many gateway connections were accepted.</summary>
    public int ConnectionsOpened => Connections.Count;

    /// <summary>The newest connection, or null before the first.</summary>
    public ConnectionRecord? Latest => Connections.IsEmpty ? null : Connections[^1];

    /// <summary>The connection with this <see cref="ConnectionRecord.Id"/>, or null when there is none (yet).</summary>
    public ConnectionRecord? Connection(int id) => id >= 1 && id <= Connections.Count ? Connections[id - 1] : null;

    /// <summary>The session with this id, or null when there is none.</summary>
    public SessionRecord? Session(string id) => Sessions.Find(session => session.Id == id);
}
