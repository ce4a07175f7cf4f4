using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Yoi.Mocks.Discord;

/// <summary>
/// One gateway connection's state machine. It sends Hello (after the configured delay), then reads frames
/// one at a time: before authentication only Heartbeat, Identify and Resume are taken (anything else closes
/// with 4003); Identify or Resume attaches a session; after the server sends a close frame nothing more is
/// acted on. Sends are serialised by a lock; every frame in and out is recorded.
/// </summary>
internal sealed class GatewayConnection
{
    /// <summary>The gateway's limit on one client payload.</summary>
    private const int MaxPayloadBytes = 4096;

    /// <summary>Every intent bit the gateway defines (bits 0–25); any other bit is an invalid intent.</summary>
    private const long KnownIntents = (1L << 26) - 1;

    /// <summary>How long the client has to answer the server's close frame before the connection is aborted.</summary>
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(2);

    private readonly MockGateway _gateway;
    private readonly Recorder _recorder;
    private readonly HttpContext _context;
    private readonly WebSocket _socket;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationToken _aborted;
    private readonly CancellationTokenSource _stop;
    private readonly Lock _finishing = new();
    private bool _finished;
    private volatile GatewaySession? _session;
    private volatile bool _closing;
    private long _lastSequenceSent;
    private int _end = -1;

    public GatewayConnection(int id, MockGateway gateway, Recorder recorder, HttpContext context, WebSocket socket)
    {
        Id = id;
        _gateway = gateway;
        _recorder = recorder;
        _context = context;
        _socket = socket;
        _aborted = context.RequestAborted;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(_aborted);
    }

    public int Id { get; }

    /// <summary>True once the connection is closing or closed (its end is decided).</summary>
    public bool IsEnding => Volatile.Read(ref _end) >= 0;

    /// <summary>Runs the connection until it ends; <paramref name="badVersion"/> closes it at once with 4012.</summary>
    public async Task RunAsync(bool badVersion)
    {
        var hello = badVersion ? Task.CompletedTask : SendHelloAsync();
        try
        {
            if (badVersion)
            {
                await CloseAsync(GatewayCloseCode.InvalidApiVersion);
            }

            await ReceiveAsync();
        }
        catch (Exception error) when (IsConnectionFailure(error))
        {
            // Aborted, reset or cut off: the end is whatever was decided first, else Lost (below).
        }
        finally
        {
            _stop.Cancel();
            await hello;
            _session?.Detach(this);
            TrySetEnd(ConnectionEnd.Lost);
            var end = (ConnectionEnd)Volatile.Read(ref _end);
            var now = _recorder.Now;
            _recorder.UpdateConnection(Id, record => record with { End = end, ClosedAt = now }, $"ended: {end}");

            // The request (and its HttpContext) ends when this returns: nothing may abort it after.
            lock (_finishing)
            {
                _finished = true;
            }

            _stop.Dispose();
        }
    }

    /// <summary>Sends one frame unless the connection is ending; false when it was not sent.</summary>
    public async Task<bool> SendAsync(string text, int op, string? eventName = null, long? sequence = null)
    {
        await _sendLock.WaitAsync();
        try
        {
            if (_closing || IsEnding)
            {
                return false;
            }

            var now = _recorder.Now;
            var frame = new SentFrame(now, op, eventName, sequence, text);
            _recorder.UpdateConnection(
                Id,
                record => record with { Sent = record.Sent.Add(frame), HelloSentAt = op == GatewayOpcode.Hello ? now : record.HelloSentAt },
                $"→ {Describe(op)}{(eventName is null ? "" : $" {eventName} s={sequence}")}");
            if (sequence is { } sent)
            {
                Volatile.Write(ref _lastSequenceSent, sent);
            }

            await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, _aborted);
            return true;
        }
        catch (Exception error) when (IsConnectionFailure(error))
        {
            _recorder.Log($"c{Id} send of op {op} failed: {error.GetType().Name}");
            return false;
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public Task CloseAsync(int code) => CloseAsync(code, GatewayCloseCode.Reason(code));

    /// <summary>Sends a close frame (once); the client then has <see cref="CloseHandshakeTimeout"/> to answer.</summary>
    public async Task CloseAsync(int code, string reason)
    {
        await _sendLock.WaitAsync();
        try
        {
            if (_closing || !TrySetEnd(ConnectionEnd.ServerClosed))
            {
                return;
            }

            _closing = true;
            _recorder.UpdateConnection(Id, record => record with { ServerCloseCode = code, ServerCloseReason = reason }, $"→ close {code} {reason}");
            if (GatewayCloseCode.EndsSession(code))
            {
                _session?.End($"server closed with {code}");
            }

            await _socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, _aborted);
        }
        catch (Exception error) when (IsConnectionFailure(error))
        {
        }
        finally
        {
            _sendLock.Release();
        }

        try
        {
            _stop.CancelAfter(CloseHandshakeTimeout);
        }
        catch (ObjectDisposedException)
        {
            // The connection already ended.
        }
    }

    /// <summary>Aborts the TCP connection without a close frame.</summary>
    public void Drop(ConnectionEnd end)
    {
        if (TrySetEnd(end))
        {
            _recorder.Log($"c{Id} aborting: {end}");
        }

        lock (_finishing)
        {
            if (!_finished)
            {
                _context.Abort();
            }
        }
    }

    /// <summary>A Resume of this connection's session arrived on another connection.</summary>
    public void Supersede() => Drop(ConnectionEnd.Superseded);

    /// <summary>Sends Invalid Session and detaches the session (ending it unless <paramref name="resumable"/>); the client may Identify or Resume again.</summary>
    public Task InvalidateSessionAsync(bool resumable)
    {
        if (_session is { } session)
        {
            _session = null;
            if (!resumable)
            {
                session.End("invalidated by the script");
            }

            session.Detach(this);
            _recorder.UpdateConnection(Id, record => record with { SessionId = null });
        }

        return SendAsync(Frames.InvalidSession(resumable), GatewayOpcode.InvalidSession);
    }

    private async Task SendHelloAsync()
    {
        try
        {
            var options = _gateway.Options;
            if (options.HelloDelay > TimeSpan.Zero)
            {
                // Recorded once the delay's timer exists, so a test on a fake clock knows when advancing it counts.
                var delay = Task.Delay(options.HelloDelay, options.TimeProvider, _stop.Token);
                var now = _recorder.Now;
                _recorder.UpdateConnection(Id, record => record with { HelloDelayStartedAt = now }, $"hello in {options.HelloDelay.TotalMilliseconds} ms");
                await delay;
            }

            await SendAsync(Frames.Hello(options.HeartbeatInterval), GatewayOpcode.Hello);
        }
        catch (OperationCanceledException)
        {
            // The connection ended during the delay.
        }
    }

    private async Task ReceiveAsync()
    {
        // One byte more than the limit shows a payload is over it; the rest of an oversized one is read and dropped.
        var message = new byte[MaxPayloadBytes + 1];
        var overflow = new byte[4096];
        while (true)
        {
            var length = 0;
            ValueWebSocketReceiveResult received;
            do
            {
                var into = length < message.Length ? message.AsMemory(length) : overflow.AsMemory();
                received = await _socket.ReceiveAsync(into, _stop.Token);
                length += received.Count;
            }
            while (!received.EndOfMessage);

            if (received.MessageType == WebSocketMessageType.Close)
            {
                await OnCloseReceivedAsync();
                return;
            }

            if (received.MessageType == WebSocketMessageType.Binary || length > MaxPayloadBytes)
            {
                var what = received.MessageType == WebSocketMessageType.Binary ? "binary" : "text";
                Record(new ReceivedFrame(_recorder.Now, $"<{what} frame of {length} bytes>", null), $"← {what} frame of {length} bytes");
                if (!_closing)
                {
                    await CloseAsync(GatewayCloseCode.DecodeError);
                }

                continue;
            }

            await OnTextAsync(Encoding.UTF8.GetString(message, 0, length));
        }
    }

    private async Task OnCloseReceivedAsync()
    {
        var code = (int?)_socket.CloseStatus;
        var reason = _socket.CloseStatusDescription;
        var clientFirst = TrySetEnd(ConnectionEnd.ClientClosed);
        _recorder.UpdateConnection(Id, record => record with { ClientCloseCode = code, ClientCloseReason = reason }, $"← close {code} {reason}");
        if (!clientFirst)
        {
            return;
        }

        // The gateway ends a session whose client closes normally: a bot that means to resume must close with another code.
        if (code is GatewayCloseCode.Normal or GatewayCloseCode.GoingAway)
        {
            _session?.End($"client closed with {code}");
        }

        await _sendLock.WaitAsync();
        try
        {
            var status = code is null or (int)WebSocketCloseStatus.Empty ? WebSocketCloseStatus.NormalClosure : (WebSocketCloseStatus)code;
            await _socket.CloseOutputAsync(status, reason, _aborted);
        }
        catch (Exception error) when (IsConnectionFailure(error))
        {
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task OnTextAsync(string text)
    {
        var now = _recorder.Now;
        var payload = ParseObject(text);
        var op = payload?["op"] is JsonValue value && value.TryGetValue<int>(out var number) ? number : (int?)null;
        Record(new ReceivedFrame(now, text, op), $"← {(op is { } known ? Describe(known) : "undecodable")}");
        if (_closing)
        {
            return;
        }

        if (payload is null || op is null)
        {
            await CloseAsync(GatewayCloseCode.DecodeError);
            return;
        }

        if (_session is null && op is not (GatewayOpcode.Heartbeat or GatewayOpcode.Identify or GatewayOpcode.Resume))
        {
            await CloseAsync(GatewayCloseCode.NotAuthenticated);
            return;
        }

        switch (op)
        {
            case GatewayOpcode.Heartbeat:
                await OnHeartbeatAsync(payload, now);
                break;
            case GatewayOpcode.Identify:
                await OnIdentifyAsync(payload, now);
                break;
            case GatewayOpcode.Resume:
                await OnResumeAsync(payload, now);
                break;
            case GatewayOpcode.PresenceUpdate or GatewayOpcode.VoiceStateUpdate or GatewayOpcode.RequestGuildMembers or GatewayOpcode.RequestSoundboardSounds:
                break;
            default:
                await CloseAsync(GatewayCloseCode.UnknownOpcode);
                break;
        }
    }

    private async Task OnHeartbeatAsync(JsonObject payload, DateTimeOffset now)
    {
        long? sequence = null;
        if (payload["d"] is { } data)
        {
            if (LongOf(data) is not { } number)
            {
                await CloseAsync(GatewayCloseCode.DecodeError);
                return;
            }

            sequence = number;
        }

        var last = Volatile.Read(ref _lastSequenceSent);
        var heartbeat = new HeartbeatRecord(now, sequence, last == 0 ? null : last);
        _recorder.UpdateConnection(Id, record => record with { Heartbeats = record.Heartbeats.Add(heartbeat) });
        if (_gateway.AcknowledgeHeartbeats)
        {
            await SendAsync(Frames.HeartbeatAck(), GatewayOpcode.HeartbeatAck);
        }
    }

    private async Task OnIdentifyAsync(JsonObject payload, DateTimeOffset now)
    {
        if (_session is not null)
        {
            await CloseAsync(GatewayCloseCode.AlreadyAuthenticated);
            return;
        }

        if (payload["d"] is not JsonObject data)
        {
            await CloseAsync(GatewayCloseCode.DecodeError);
            return;
        }

        var token = StringOf(data["token"]);
        var intents = LongOf(data["intents"]);
        var identify = new IdentifyRecord(now, token, intents, data.DeepClone().AsObject());
        _recorder.UpdateConnection(Id, record => record with { Identifies = record.Identifies.Add(identify) });
        var options = _gateway.Options;
        if (token != options.Token)
        {
            await CloseAsync(GatewayCloseCode.AuthenticationFailed);
        }
        else if (intents is not { } bits || bits < 0 || (bits & ~KnownIntents) != 0)
        {
            await CloseAsync(GatewayCloseCode.InvalidIntents);
        }
        else if ((bits & options.DisallowedIntents) != 0)
        {
            await CloseAsync(GatewayCloseCode.DisallowedIntents);
        }
        else
        {
            var session = _gateway.NewSession();
            _session = session;
            _recorder.UpdateConnection(Id, record => record with { SessionId = session.Id }, $"identified: new session {session.Id}");
            await session.IdentifyAsync(this, _gateway.ReadyData(session.Id));
        }
    }

    private async Task OnResumeAsync(JsonObject payload, DateTimeOffset now)
    {
        if (payload["d"] is not JsonObject data)
        {
            await CloseAsync(GatewayCloseCode.DecodeError);
            return;
        }

        var token = StringOf(data["token"]);
        var sessionId = StringOf(data["session_id"]);
        var sequence = LongOf(data["seq"]);
        void Record(ResumeOutcome outcome, int replayed = 0)
        {
            var resume = new ResumeRecord(now, token, sessionId, sequence, outcome, replayed);
            _recorder.UpdateConnection(Id, record => record with
            {
                Resumes = record.Resumes.Add(resume),
                SessionId = outcome == ResumeOutcome.Resumed ? sessionId : record.SessionId,
            }, $"resume of {sessionId} after s={sequence}: {outcome}{(outcome == ResumeOutcome.Resumed ? $", {replayed} replayed" : "")}");
        }

        if (_session is not null)
        {
            Record(ResumeOutcome.AlreadyAuthenticated);
            await CloseAsync(GatewayCloseCode.AlreadyAuthenticated);
            return;
        }

        if (token != _gateway.Options.Token)
        {
            Record(ResumeOutcome.AuthenticationFailed);
            await CloseAsync(GatewayCloseCode.AuthenticationFailed);
            return;
        }

        if (_gateway.FindSession(sessionId) is not { Resumable: true } session)
        {
            Record(ResumeOutcome.InvalidSession);
            await SendAsync(Frames.InvalidSession(false), GatewayOpcode.InvalidSession);
            return;
        }

        var (outcome, replayed) = await session.ResumeAsync(this, sequence);
        switch (outcome)
        {
            case ResumeOutcome.Resumed:
                _session = session;
                Record(outcome, replayed);
                break;
            case ResumeOutcome.InvalidSequence:
                Record(outcome);
                session.End($"resume with invalid seq {sequence?.ToString() ?? "null"}");
                await CloseAsync(GatewayCloseCode.InvalidSequence);
                break;
            default:
                Record(outcome);
                session.End($"resume after s={sequence}: the replay buffer no longer holds what followed");
                await SendAsync(Frames.InvalidSession(false), GatewayOpcode.InvalidSession);
                break;
        }
    }

    private void Record(ReceivedFrame frame, string log) =>
        _recorder.UpdateConnection(Id, record => record with { Received = record.Received.Add(frame) }, log);

    /// <summary>Decides how the connection ends; the first decision stands.</summary>
    private bool TrySetEnd(ConnectionEnd end) => Interlocked.CompareExchange(ref _end, (int)end, -1) == -1;

    private static JsonObject? ParseObject(string text)
    {
        try
        {
            return JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? StringOf(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static long? LongOf(JsonNode? node) => node is JsonValue value && value.TryGetValue<long>(out var number) ? number : null;

    private static string Describe(int op) => op switch
    {
        GatewayOpcode.Dispatch => "dispatch",
        GatewayOpcode.Heartbeat => "heartbeat",
        GatewayOpcode.Identify => "identify",
        GatewayOpcode.PresenceUpdate => "presence update",
        GatewayOpcode.VoiceStateUpdate => "voice state update",
        GatewayOpcode.Resume => "resume",
        GatewayOpcode.Reconnect => "reconnect",
        GatewayOpcode.RequestGuildMembers => "request guild members",
        GatewayOpcode.InvalidSession => "invalid session",
        GatewayOpcode.Hello => "hello",
        GatewayOpcode.HeartbeatAck => "heartbeat ack",
        GatewayOpcode.RequestSoundboardSounds => "request soundboard sounds",
        _ => $"op {op}",
    };

    private static bool IsConnectionFailure(Exception error) =>
        error is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException;
}
