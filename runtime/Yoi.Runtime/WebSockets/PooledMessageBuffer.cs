using System.Buffers;

namespace Yoi.Runtime.WebSockets;

/// <summary>
/// The bytes of the incoming message being assembled, in a pooled array that grows by doubling. The
/// pump reuses one across messages, so the only allocation per message is what recv hands out (the
/// string or the exact-size byte array). After a message that made it grow, the big array goes back to
/// the pool: an idle connection keeps only a small one.
/// </summary>
internal sealed class PooledMessageBuffer(int initialBytes) : IDisposable
{
    private byte[] _array = ArrayPool<byte>.Shared.Rent(initialBytes);
    private int _length;

    public ReadOnlySpan<byte> Written => _array.AsSpan(0, _length);

    public int Capacity => _array.Length;

    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > _array.Length - _length)
        {
            Grow(_length + bytes.Length);
        }

        bytes.CopyTo(_array.AsSpan(_length));
        _length += bytes.Length;
    }

    /// <summary>Empties it for the next message, shrinking back to the initial size if it grew.</summary>
    public void Reset()
    {
        _length = 0;
        if (_array.Length > initialBytes * 2)
        {
            Swap(ArrayPool<byte>.Shared.Rent(initialBytes));
        }
    }

    public void Dispose() => Swap([]);

    private void Grow(int needed)
    {
        // Bounded by the caller: a message over the size bound is refused before it is written.
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _array.Length * 2));
        Written.CopyTo(bigger);
        Swap(bigger);
    }

    private void Swap(byte[] next)
    {
        if (_array.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_array);
        }

        _array = next;
    }
}
