namespace Yoi.Runtime.WebSockets;

/// <summary>
/// A connection's send-rate budget: at most <c>max</c> messages in any <c>window</c>. A sliding log, not
/// a fixed window: a fixed window lets 2 × max through across a boundary (max at the end of one window,
/// max at the start of the next), which is exactly what gets a gateway bot disconnected by a peer that
/// enforces its limit over any span. The log is a ring of the last <c>max</c> send times, so it costs
/// one <c>long</c> per allowed message and O(1) per send.
/// </summary>
internal sealed class SendBudget(int max, TimeSpan window, TimeProvider time)
{
    private readonly object _gate = new();
    private readonly long[] _sentAt = new long[max];
    private int _next;
    private int _count;

    /// <summary>Spends one send if the budget allows it now; false (nothing spent) when it does not.</summary>
    public bool TrySpend()
    {
        lock (_gate)
        {
            var now = time.GetTimestamp();

            // When the ring is full, its oldest entry is the slot about to be overwritten.
            if (_count == _sentAt.Length && time.GetElapsedTime(_sentAt[_next], now) < window)
            {
                return false;
            }

            _sentAt[_next] = now;
            _next = (_next + 1) % _sentAt.Length;
            _count = Math.Min(_count + 1, _sentAt.Length);
            return true;
        }
    }
}
