using System.Diagnostics.Metrics;

namespace Yoi.Runtime.WebSockets;

/// <summary>
/// The host's WebSocket instruments on the <c>Yoi.Runtime</c> meter: open connections (sockets),
/// opens refused (tagged <c>reason</c>), and payload bytes in and out.
/// </summary>
internal sealed class WebSocketMetrics : IDisposable
{
    public const string MeterName = "Yoi.Runtime";

    private readonly UpDownCounter<long> _open;
    private readonly Counter<long> _denied;
    private readonly Counter<long> _bytesIn;
    private readonly Counter<long> _bytesOut;

    public WebSocketMetrics()
    {
        Meter = new Meter(MeterName);
        _open = Meter.CreateUpDownCounter<long>("yoi.websocket.connections.open", "{connection}", "WebSocket connections with an open socket");
        _denied = Meter.CreateCounter<long>("yoi.websocket.opens.denied", "{open}", "WebSocket opens refused, by reason");
        _bytesIn = Meter.CreateCounter<long>("yoi.websocket.bytes.received", "By", "Message payload bytes received");
        _bytesOut = Meter.CreateCounter<long>("yoi.websocket.bytes.sent", "By", "Message payload bytes sent");
    }

    public Meter Meter { get; }

    public void Opened() => _open.Add(1);

    public void Closed() => _open.Add(-1);

    public void Denied(string reason) => _denied.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Received(long bytes) => _bytesIn.Add(bytes);

    public void Sent(long bytes) => _bytesOut.Add(bytes);

    public void Dispose() => Meter.Dispose();
}
