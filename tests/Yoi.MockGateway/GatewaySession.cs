using System.Text.Json.Nodes;

namespace Yoi.Mocks.Discord;

/// <summary>
/// A session: its sequence numbers and every dispatch it was given (the replay buffer), and the connection
/// it is attached to, if any. The gate orders sequence numbers, sends and resumes: a dispatch is numbered
/// and sent under it, so the client sees sequences in order, and one made while no connection is attached
/// (or while a resume is replaying) is buffered and reaches the client by the replay.
/// </summary>
internal sealed class GatewaySession(string id, int index, Recorder recorder, int? replayLimit)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Queue<(long Sequence, string EventName, string Text)> _dispatched = new();
    private long _lastSequence;
    private volatile GatewayConnection? _connection;
    private volatile bool _resumable = true;

    public string Id { get; } = id;

    public bool Resumable => _resumable;

    /// <summary>Numbers the dispatch, buffers it and sends it on the attached connection (if any); returns its sequence.</summary>
    public async Task<long> DispatchAsync(string eventName, JsonNode? data)
    {
        await _gate.WaitAsync();
        try
        {
            return await DispatchUnderGateAsync(eventName, data);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Attaches a freshly identified connection and sends it READY (always sequence 1).</summary>
    public async Task IdentifyAsync(GatewayConnection connection, JsonNode ready)
    {
        await _gate.WaitAsync();
        try
        {
            Attach(connection);
            await DispatchUnderGateAsync("READY", ready);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Moves the session to <paramref name="connection"/> (aborting the one it was on), replays every
    /// dispatch after <paramref name="sequence"/>, then sends RESUMED; returns how many were replayed.
    /// Does nothing when <paramref name="sequence"/> is not between 0 and the last sequence
    /// (<see cref="ResumeOutcome.InvalidSequence"/>) or the replay buffer no longer holds the dispatch after
    /// it (<see cref="ResumeOutcome.InvalidSession"/>).
    /// </summary>
    public async Task<(ResumeOutcome Outcome, int Replayed)> ResumeAsync(GatewayConnection connection, long? sequence)
    {
        await _gate.WaitAsync();
        try
        {
            if (sequence is not { } after || after < 0 || after > _lastSequence)
            {
                return (ResumeOutcome.InvalidSequence, 0);
            }

            if (after < _lastSequence && _dispatched.Peek().Sequence > after + 1)
            {
                return (ResumeOutcome.InvalidSession, 0);
            }

            if (_connection is { } previous && previous != connection)
            {
                previous.Supersede();
            }

            Attach(connection);
            var missed = _dispatched.Where(dispatch => dispatch.Sequence > after).ToList();
            foreach (var (replayed, eventName, text) in missed)
            {
                await connection.SendAsync(text, GatewayOpcode.Dispatch, eventName, replayed);
            }

            await DispatchUnderGateAsync("RESUMED", new JsonObject());
            return (ResumeOutcome.Resumed, missed.Count);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Detaches <paramref name="connection"/> if the session is still on it; later dispatches wait for a Resume.</summary>
    public void Detach(GatewayConnection connection)
    {
        if (Interlocked.CompareExchange(ref _connection, null, connection) == connection)
        {
            recorder.UpdateSession(index, session => session with { ConnectionId = null });
        }
    }

    /// <summary>Ends the session: a Resume of it gets Invalid Session from now on.</summary>
    public void End(string why)
    {
        _resumable = false;
        recorder.UpdateSession(index, session => session with { Resumable = false }, $"session {Id} ended: {why}");
    }

    private void Attach(GatewayConnection connection)
    {
        _connection = connection;
        recorder.UpdateSession(index, session => session with { ConnectionId = connection.Id });
    }

    private async Task<long> DispatchUnderGateAsync(string eventName, JsonNode? data)
    {
        var sequence = ++_lastSequence;
        var text = Frames.Dispatch(eventName, sequence, data);
        _dispatched.Enqueue((sequence, eventName, text));
        if (_dispatched.Count > replayLimit)
        {
            _dispatched.Dequeue();
        }

        recorder.UpdateSession(index, session => session with { LastSequence = sequence });
        if (_connection is { } connection)
        {
            await connection.SendAsync(text, GatewayOpcode.Dispatch, eventName, sequence);
        }
        else
        {
            recorder.Log($"session {Id}: {eventName} s={sequence} buffered (no connection)");
        }

        return sequence;
    }
}
