using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Yoi.Runtime.Tests.WebSockets;

/// <summary>
/// A raw TCP listener on 127.0.0.1, port 0, for peers Kestrel will not play: one that never answers,
/// one that answers the upgrade with a redirect, one that writes its own 101 and frames. Records each
/// request head it read. Each connection is served on its own, until the peer is disposed.
/// </summary>
internal sealed class HostilePeer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _clients = [];
    private readonly List<Task> _serving = [];
    private Task _loop = Task.CompletedTask;

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public List<string> Requests { get; } = [];

    public int Accepted { get; private set; }

    public string Url(string path) => $"ws://127.0.0.1:{Port}{path}";

    /// <summary>Listens but never accepts: TCP connects (backlog), nothing ever answers.</summary>
    public static HostilePeer Silent()
    {
        var peer = new HostilePeer();
        peer._listener.Start(8);
        return peer;
    }

    /// <summary>Answers every request with <paramref name="response"/> (a full HTTP response head).</summary>
    public static HostilePeer Answering(string response) => Serving(_ => response, null);

    /// <summary>Completes the WebSocket handshake, then never reads again (a peer that stops draining).</summary>
    public static HostilePeer Stalling() => Upgrading();

    /// <summary>
    /// Completes the WebSocket handshake by hand, with <paramref name="extraHeaders"/> (whole lines) in the
    /// 101, then runs <paramref name="then"/> on the connection (by default: nothing, ever again).
    /// </summary>
    public static HostilePeer Upgrading(string extraHeaders = "", Func<NetworkStream, CancellationToken, Task>? then = null) =>
        Serving(head => HandshakeFor(head, extraHeaders), then is null ? null : (_, stream, stop) => then(stream, stop));

    /// <summary>
    /// Completes the WebSocket handshake, then runs <paramref name="then"/> with the request head it
    /// answered, so a peer can tell its connections apart by what the client asked for.
    /// </summary>
    public static HostilePeer UpgradingPerRequest(Func<string, NetworkStream, CancellationToken, Task> then) =>
        Serving(head => HandshakeFor(head, ""), then);

    private static HostilePeer Serving(Func<string, string> answer, Func<string, NetworkStream, CancellationToken, Task>? then)
    {
        var peer = new HostilePeer();
        peer._listener.Start(8);
        peer._loop = peer.AcceptAsync(answer, then);
        return peer;
    }

    private async Task AcceptAsync(Func<string, string> answer, Func<string, NetworkStream, CancellationToken, Task>? then)
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                lock (_clients)
                {
                    _clients.Add(client);
                    Accepted++;
                    _serving.Add(ServeAsync(client.GetStream(), answer, then));
                }
            }
        }
        catch (Exception error) when (error is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync(NetworkStream stream, Func<string, string> answer, Func<string, NetworkStream, CancellationToken, Task>? then)
    {
        try
        {
            var head = new StringBuilder();
            var buffer = new byte[1];
            // Byte by byte, so nothing after the head (a client's first frame) is consumed here.
            while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && head.Length < 64 * 1024)
            {
                if (await stream.ReadAsync(buffer, _stop.Token) == 0)
                {
                    return;
                }

                head.Append((char)buffer[0]);
            }

            lock (Requests)
            {
                Requests.Add(head.ToString());
            }

            await stream.WriteAsync(Encoding.ASCII.GetBytes(answer(head.ToString())), _stop.Token);
            if (then is not null)
            {
                await then(head.ToString(), stream, _stop.Token);
            }
        }
        catch (Exception error) when (error is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
        }
    }

    private static string HandshakeFor(string head, string extraHeaders)
    {
        var key = head.Split("\r\n").First(line => line.StartsWith("Sec-WebSocket-Key:", StringComparison.OrdinalIgnoreCase))[18..].Trim();
        var accept = Convert.ToBase64String(System.Security.Cryptography.SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
        return $"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n{extraHeaders}\r\n";
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        Task[] serving;
        lock (_clients)
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }

            serving = [_loop, .. _serving];
        }

        try
        {
            Task.WaitAll(serving, TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
        }
    }
}
