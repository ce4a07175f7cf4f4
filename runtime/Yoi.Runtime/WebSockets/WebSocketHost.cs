using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Yoi.Runtime.WebSockets;

/// <summary>
/// The process-wide owner of WebSocket connections: the global cap, the connector, the clock, the
/// metrics and the log. Each plugin instance gets a <see cref="WebSocketSession"/> from
/// <see cref="CreateSession"/>; disposing the host (shutdown) disposes every session, which closes
/// every connection.
/// </summary>
public sealed class WebSocketHost : IAsyncDisposable
{
    private readonly ConcurrentDictionary<WebSocketSession, byte> _sessions = new();
    private int _slots;
    private bool _isDisposed;

    /// <param name="tls">How wss servers are checked; the system trust store by default.</param>
    public WebSocketHost(WebSocketLimits? limits = null, ILogger? logger = null, TimeProvider? time = null, IHostResolver? resolver = null, TlsOptions? tls = null)
    {
        Limits = limits ?? WebSocketLimits.Default;
        if (Limits.Validate() is { } problem)
        {
            throw new ArgumentException($"invalid WebSocket limits: {problem}", nameof(limits));
        }

        if (!TlsTrust.Create(tls ?? TlsOptions.Default).TryGetValue(out var tlsTrust, out var tlsProblem))
        {
            throw new ArgumentException($"invalid TLS options: {tlsProblem}", nameof(tls));
        }

        Logger = logger ?? NullLogger.Instance;
        Time = time ?? TimeProvider.System;
        Metrics = new WebSocketMetrics();
        Connector = new WebSocketConnector(Limits, resolver ?? DnsHostResolver.Instance, Time, tlsTrust);
    }

    public WebSocketLimits Limits { get; }

    /// <summary>The <c>Yoi.Runtime</c> meter this host's instruments live on.</summary>
    public Meter Meter => Metrics.Meter;

    /// <summary>Connections (open sockets plus opens in progress) counted against the global cap.</summary>
    public int ConnectionCount => Volatile.Read(ref _slots);

    public int SessionCount => _sessions.Count;

    internal ILogger Logger { get; }

    internal TimeProvider Time { get; }

    internal WebSocketMetrics Metrics { get; }

    internal WebSocketConnector Connector { get; }

    /// <param name="policy">The instance's declared-AND-granted policy, asked on every open.</param>
    /// <param name="instance">A name for logs.</param>
    public WebSocketSession CreateSession(IWebSocketPolicy policy, string instance)
    {
        ObjectDisposedException.ThrowIf(_isDisposed, this);
        var session = new WebSocketSession(this, policy, instance);
        _sessions.TryAdd(session, 0);
        return session;
    }

    public async ValueTask DisposeAsync()
    {
        if (_isDisposed)
        {
            return;
        }

        _isDisposed = true;
        await Task.WhenAll(_sessions.Keys.Select(session => session.DisposeAsync().AsTask())).ConfigureAwait(false);
        Metrics.Dispose();
    }

    internal bool TryReserveSlot()
    {
        while (true)
        {
            var current = Volatile.Read(ref _slots);
            if (current >= Limits.MaxConnectionsPerHost)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _slots, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    internal void ReleaseSlot() => Interlocked.Decrement(ref _slots);

    internal void Forget(WebSocketSession session) => _sessions.TryRemove(session, out _);
}
