using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Yoi.Runtime.Tests.WebSockets;

/// <summary>
/// A raw TCP listener on 127.0.0.1, port 0, for peers Kestrel will not play: one that never answers,
/// one that answers the upgrade with a redirect. Records each request head it read.
/// </summary>
internal sealed class HostilePeer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _clients = [];
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
    public static HostilePeer Answering(string response)
    {
        var peer = new HostilePeer();
        peer._listener.Start(8);
        peer._loop = peer.ServeAsync(response);
        return peer;
    }

    /// <summary>Completes the WebSocket handshake, then never reads again (a peer that stops draining).</summary>
    public static HostilePeer Stalling()
    {
        var peer = new HostilePeer();
        peer._listener.Start(8);
        peer._loop = peer.ServeAsync(null);
        return peer;
    }

    private async Task ServeAsync(string? response)
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
                }

                var stream = client.GetStream();
                var head = new StringBuilder();
                var buffer = new byte[4096];
                while (!head.ToString().Contains("\r\n\r\n"))
                {
                    var read = await stream.ReadAsync(buffer, _stop.Token);
                    if (read == 0)
                    {
                        break;
                    }

                    head.Append(Encoding.ASCII.GetString(buffer, 0, read));
                }

                lock (Requests)
                {
                    Requests.Add(head.ToString());
                }

                response ??= HandshakeFor(head.ToString());
                await stream.WriteAsync(Encoding.ASCII.GetBytes(response), _stop.Token);
            }
        }
        catch (Exception error) when (error is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
        }
    }

    private static string HandshakeFor(string head)
    {
        var key = head.Split("\r\n").First(line => line.StartsWith("Sec-WebSocket-Key:", StringComparison.OrdinalIgnoreCase))[18..].Trim();
        var accept = Convert.ToBase64String(System.Security.Cryptography.SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
        return $"HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: {accept}\r\n\r\n";
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
        }

        lock (_clients)
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }
        }
    }
}
