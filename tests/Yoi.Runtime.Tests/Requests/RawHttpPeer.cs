using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Yoi.Runtime.Tests.Requests;

/// <summary>
/// A raw TCP server on 127.0.0.1, port 0, for peers Kestrel will not play: one that never answers,
/// endless headers, an endless body, a fixed answer. Reads each request head (bounded to 64 KiB),
/// records it, then runs the behaviour. Every loop is bounded by the stop token and a byte cap.
/// </summary>
internal sealed class RawHttpPeer : IDisposable
{
    private const long SendCap = 1L << 30;

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<TcpClient> _clients = [];
    private readonly Func<NetworkStream, CancellationToken, Task> _behaviour;
    private readonly Task _loop;
    private long _bytesSent;

    private RawHttpPeer(Func<NetworkStream, CancellationToken, Task> behaviour)
    {
        _behaviour = behaviour;
        _listener.Start(8);
        _loop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public List<string> Requests { get; } = [];

    public int RequestCount
    {
        get
        {
            lock (Requests)
            {
                return Requests.Count;
            }
        }
    }

    public int Accepted { get; private set; }

    /// <summary>Bytes the endless behaviours managed to write before the client went away.</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    public string Url(string pathAndQuery, string scheme = "http") => $"{scheme}://127.0.0.1:{Port}{pathAndQuery}";

    /// <summary>Reads the request, then never answers.</summary>
    public static RawHttpPeer Silent() => new(async (_, stop) => await Task.Delay(Timeout.Infinite, stop));

    /// <summary>Answers with <paramref name="response"/> (raw HTTP text) and closes.</summary>
    public static RawHttpPeer Answering(string response) =>
        new(async (stream, stop) => await stream.WriteAsync(Encoding.ASCII.GetBytes(response), stop));

    /// <summary>Sends <paramref name="start"/> (a head and part of a body), then stalls without closing.</summary>
    public static RawHttpPeer AnsweringThenStalling(string start) =>
        new(async (stream, stop) =>
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(start), stop);
            await Task.Delay(Timeout.Infinite, stop);
        });

    /// <summary>A status line, then header lines forever.</summary>
    public static RawHttpPeer EndlessHeaders()
    {
        RawHttpPeer? peer = null;
        peer = new(async (stream, stop) =>
        {
            await stream.WriteAsync("HTTP/1.1 200 OK\r\n"u8.ToArray(), stop);
            for (var i = 0; peer!.BytesSent < SendCap; i++)
            {
                var line = Encoding.ASCII.GetBytes($"X-Pad-{i}: {new string('x', 40)}\r\n");
                await stream.WriteAsync(line, stop);
                Interlocked.Add(ref peer._bytesSent, line.Length);
            }
        });
        return peer;
    }

    /// <summary>A 200 with no length (close-delimited), then body bytes forever.</summary>
    public static RawHttpPeer EndlessBody()
    {
        RawHttpPeer? peer = null;
        peer = new(async (stream, stop) =>
        {
            await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n"u8.ToArray(), stop);
            var chunk = new byte[64 * 1024];
            Array.Fill(chunk, (byte)'z');
            while (peer!.BytesSent < SendCap)
            {
                await stream.WriteAsync(chunk, stop);
                Interlocked.Add(ref peer._bytesSent, chunk.Length);
            }
        });
        return peer;
    }

    private async Task AcceptLoopAsync()
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

                _ = ServeAsync(client);
            }
        }
        catch (Exception error) when (error is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        try
        {
            var stream = client.GetStream();
            var head = new StringBuilder();
            var buffer = new byte[4096];
            while (!head.ToString().Contains("\r\n\r\n") && head.Length < 64 * 1024)
            {
                var read = await stream.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                head.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            lock (Requests)
            {
                Requests.Add(head.ToString());
            }


            await _behaviour(stream, _stop.Token);
            client.Client.Shutdown(SocketShutdown.Send);
        }
        catch (Exception error) when (error is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        lock (_clients)
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }
        }

        try
        {
            _loop.Wait(TimeSpan.FromSeconds(2));
        }
        catch (AggregateException)
        {
        }
    }
}
