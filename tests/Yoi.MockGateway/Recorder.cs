using System.Collections.Immutable;
using System.Globalization;

namespace Yoi.Mocks.Discord;

/// <summary>
/// The mock's recorded state behind one lock: an immutable snapshot replaced on every change, a signal
/// that completes on every change (what <see cref="MockGateway.WaitForAsync"/> awaits), and the event log.
/// </summary>
internal sealed class Recorder(TimeProvider time, Action<string>? sink, int? limit)
{
    private readonly Lock _lock = new();
    private readonly DateTimeOffset _started = time.GetUtcNow();
    private MockGatewaySnapshot _snapshot = MockGatewaySnapshot.Empty;
    private TaskCompletionSource _changed = NewSignal();

    public DateTimeOffset Now => time.GetUtcNow();

    public MockGatewaySnapshot Snapshot
    {
        get
        {
            lock (_lock)
            {
                return _snapshot;
            }
        }
    }

    /// <summary>The snapshot now, and a task that completes at the next change after it.</summary>
    public (MockGatewaySnapshot Snapshot, Task Changed) Observe()
    {
        lock (_lock)
        {
            return (_snapshot, _changed.Task);
        }
    }

    /// <summary>Records a new connection; returns its id.</summary>
    public int OpenConnection(string path, string query)
    {
        lock (_lock)
        {
            var id = _snapshot.Connections.Count + 1;
            var record = new ConnectionRecord { Id = id, Path = path, Query = query, OpenedAt = Now };
            Change(_snapshot with { Connections = _snapshot.Connections.Add(record) }, $"c{id} open {path}{query}");
            return id;
        }
    }

    public void UpdateConnection(int id, Func<ConnectionRecord, ConnectionRecord> update, string? log = null)
    {
        lock (_lock)
        {
            var connections = _snapshot.Connections;
            var updated = update(connections[id - 1]);
            if (limit is not null)
            {
                updated = updated with
                {
                    Received = Trim(updated.Received),
                    Sent = Trim(updated.Sent),
                    Heartbeats = Trim(updated.Heartbeats),
                    Identifies = Trim(updated.Identifies),
                    Resumes = Trim(updated.Resumes),
                };
            }

            Change(_snapshot with { Connections = connections.SetItem(id - 1, updated) }, log is null ? null : $"c{id} {log}");
        }
    }

    /// <summary>Records a new session; returns its index in <see cref="MockGatewaySnapshot.Sessions"/>.</summary>
    public int AddSession(SessionRecord record)
    {
        lock (_lock)
        {
            Change(_snapshot with { Sessions = _snapshot.Sessions.Add(record) }, null);
            return _snapshot.Sessions.Count - 1;
        }
    }

    public void UpdateSession(int index, Func<SessionRecord, SessionRecord> update, string? log = null)
    {
        lock (_lock)
        {
            var sessions = _snapshot.Sessions;
            Change(_snapshot with { Sessions = sessions.SetItem(index, update(sessions[index])) }, log);
        }
    }

    public void AddPost(RestPostRecord post, string log)
    {
        lock (_lock)
        {
            Change(_snapshot with { Posts = Trim(_snapshot.Posts.Add(post)) }, log);
        }
    }

    public void Log(string line)
    {
        lock (_lock)
        {
            Change(_snapshot, line);
        }
    }

    // Under _lock: publish the new snapshot (with the log line, if any) and wake every waiter.
    private void Change(MockGatewaySnapshot next, string? log)
    {
        if (log is not null)
        {
            var elapsed = (Now - _started).TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
            var line = $"[+{elapsed}s] {log}";
            next = next with { Log = Trim(next.Log.Add(line)) };
            sink?.Invoke(line);
        }

        _snapshot = next;
        var changed = _changed;
        _changed = NewSignal();
        changed.SetResult();
    }

    private ImmutableList<T> Trim<T>(ImmutableList<T> list) =>
        limit is { } max && list.Count > max ? list.RemoveRange(0, list.Count - max) : list;

    // Waiters continue on the thread pool, never inside the lock.
    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
