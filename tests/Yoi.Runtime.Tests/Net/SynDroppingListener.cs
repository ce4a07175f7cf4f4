using System.Net;
using System.Net.Sockets;
using Yoi.Runtime.Tests.WebSockets;

namespace Yoi.Runtime.Tests.Net;

/// <summary>
/// A listener on 127.0.0.1 whose accept queue is full and that never accepts, so the kernel drops every
/// new SYN and a connect to it stays pending (<c>SYN_SENT</c>) until someone gives up on it: the peer of
/// an overloaded server. The fill is checked, not assumed: each filler must show up in the listener's
/// queue (read back from <c>/proc/net/tcp</c>) before the next one is made.
/// </summary>
internal sealed class SynDroppingListener : IDisposable
{
    private const int Backlog = 1;
    private const int MaxFillers = 16;

    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly List<Socket> _fillers = [];
    private readonly HashSet<int> _fillerPorts = [];

    private SynDroppingListener()
    {
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(Backlog);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndPoint!).Port;

    /// <summary>Connections waiting in the listener's accept queue.</summary>
    public int QueueLength => ProcessTcpSockets.All().Single(row => row.State == TcpSocketRow.Listen && row.LocalPort == Port).AcceptQueue;

    public static async Task<SynDroppingListener> StartAsync()
    {
        var peer = new SynDroppingListener();
        try
        {
            // Linux drops SYNs once the queue holds more than the backlog.
            while (peer.QueueLength <= Backlog)
            {
                Assert.True(peer._fillers.Count < MaxFillers, $"the accept queue did not fill with {MaxFillers} connections");
                await peer.AddFillerAsync();
            }

            return peer;
        }
        catch
        {
            peer.Dispose();
            throw;
        }
    }

    /// <summary>This process's sockets to the listener other than the fillers: what the code under test left behind.</summary>
    public IReadOnlyList<TcpSocketRow> OtherClients() => ProcessTcpSockets.To(Port, _fillerPorts);

    private async Task AddFillerAsync()
    {
        var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _fillers.Add(filler);
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await filler.ConnectAsync(new IPEndPoint(IPAddress.Loopback, Port), bound.Token);
        _fillerPorts.Add(((IPEndPoint)filler.LocalEndPoint!).Port);
        var queued = _fillers.Count;
        Assert.True(await WaitFor.TrueAsync(() => QueueLength == queued), $"filler {queued} never reached the accept queue");
    }

    public void Dispose()
    {
        foreach (var filler in _fillers)
        {
            filler.Dispose();
        }

        _listener.Dispose();
    }
}
