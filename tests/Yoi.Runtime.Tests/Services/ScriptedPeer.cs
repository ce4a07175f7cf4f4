using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using Yoi.Runtime.Tests.WebSockets;

namespace Yoi.Runtime.Tests.Services;

/// <summary>
/// A WebSocket peer on 127.0.0.1 (a <see cref="HostilePeer"/> that completes the handshake) that sends
/// only when the test says so: <see cref="Push"/> a text message or <see cref="Close"/> on connection
/// n, the one opened to <see cref="Url"/>(n) (named by its path, not by the order connections were
/// served in; one may push before the connection exists). It answers the client's close (then closes
/// the TCP connection, as a server does), records its code, and counts its open connections.
/// </summary>
internal sealed class ScriptedPeer : IDisposable
{
    private readonly object _gate = new();
    private readonly List<Connection> _connections = [];
    private readonly HostilePeer _peer;
    private int _active;

    public ScriptedPeer()
    {
        _peer = HostilePeer.UpgradingPerRequest(ServeAsync);
    }

    /// <summary>The URL of connection <paramref name="connection"/>, under /echo, which the test plugin folder's grant allows.</summary>
    public string Url(int connection) => _peer.Url($"/echo/{connection}");

    /// <summary>Connections served and not yet ended (lags the client; only ever waited for).</summary>
    public int Active => Volatile.Read(ref _active);

    /// <summary>Close codes received from clients (1005 for a close without one).</summary>
    public ConcurrentQueue<ushort?> ClosesReceived { get; } = new();

    /// <summary>Sends <paramref name="text"/> as one text frame on connection <paramref name="connection"/>.</summary>
    public void Push(int connection, string text) =>
        At(connection).Outgoing.Writer.TryWrite(WebSocketFrames.Server(WebSocketFrames.Text, Encoding.UTF8.GetBytes(text)));

    /// <summary>Closes connection <paramref name="connection"/> from this side.</summary>
    public void Close(int connection, ushort code, string reason)
    {
        var target = At(connection);
        if (Interlocked.Exchange(ref target.CloseSent, 1) == 0)
        {
            target.Outgoing.Writer.TryWrite(WebSocketFrames.ServerClose(code, reason));
        }
    }

    public void Dispose() => _peer.Dispose();

    private Connection At(int index)
    {
        lock (_gate)
        {
            while (_connections.Count <= index)
            {
                _connections.Add(new Connection());
            }

            return _connections[index];
        }
    }

    private async Task ServeAsync(string head, NetworkStream stream, CancellationToken stop)
    {
        // "GET /echo/<n> HTTP/1.1"
        var connection = At(int.Parse(head.Split(' ', 3)[1]["/echo/".Length..], CultureInfo.InvariantCulture));
        Interlocked.Increment(ref _active);
        try
        {
            var reading = ReadAsync(stream, connection, stop);
            await foreach (var frame in connection.Outgoing.Reader.ReadAllAsync(stop))
            {
                await stream.WriteAsync(frame, stop);
            }

            await reading;

            // As a server does after the close handshake: the client waits for the TCP close (a second, in .NET).
            await stream.DisposeAsync();
        }
        catch (Exception error) when (error is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            Interlocked.Decrement(ref _active);
        }
    }

    /// <summary>Reads the client's frames until its close, answers it (unless this side closed first), and ends the writing.</summary>
    private async Task ReadAsync(NetworkStream stream, Connection connection, CancellationToken stop)
    {
        try
        {
            var code = await WebSocketFrames.ReadCloseCodeAsync(stream, stop);
            ClosesReceived.Enqueue(code);
            if (code is { } received && Interlocked.Exchange(ref connection.CloseSent, 1) == 0)
            {
                connection.Outgoing.Writer.TryWrite(WebSocketFrames.ServerClose(received, ""));
            }
        }
        catch (Exception error) when (error is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            connection.Outgoing.Writer.TryComplete();
        }
    }

    private sealed class Connection
    {
        public readonly Channel<byte[]> Outgoing = Channel.CreateUnbounded<byte[]>();
        public int CloseSent;
    }
}
