using System.Buffers.Binary;
using System.Text;

namespace Yoi.Runtime.Tests.WebSockets;

/// <summary>
/// Hand-made WebSocket frames (RFC 6455 §5.2) for raw test peers: a server writes unmasked frames and
/// reads the client's masked ones.
/// </summary>
internal static class WebSocketFrames
{
    public const byte Continuation = 0x0;
    public const byte Text = 0x1;
    public const byte Binary = 0x2;
    public const byte Close = 0x8;

    /// <summary>One server frame: FIN when <paramref name="fin"/>, no mask.</summary>
    public static byte[] Server(byte opcode, ReadOnlySpan<byte> payload, bool fin = true)
    {
        var header = new List<byte> { (byte)((fin ? 0x80 : 0) | opcode) };
        if (payload.Length <= 125)
        {
            header.Add((byte)payload.Length);
        }
        else if (payload.Length <= ushort.MaxValue)
        {
            header.Add(126);
            header.AddRange([(byte)(payload.Length >> 8), (byte)payload.Length]);
        }
        else
        {
            header.Add(127);
            var length = new byte[8];
            BinaryPrimitives.WriteUInt64BigEndian(length, (ulong)payload.Length);
            header.AddRange(length);
        }

        return [.. header, .. payload];
    }

    /// <summary>A server close frame with a code and a reason.</summary>
    public static byte[] ServerClose(ushort code, string reason)
    {
        var payload = new byte[2 + Encoding.UTF8.GetByteCount(reason)];
        BinaryPrimitives.WriteUInt16BigEndian(payload, code);
        Encoding.UTF8.GetBytes(reason, payload.AsSpan(2));
        return Server(Close, payload);
    }

    /// <summary>Reads client frames until a close and returns its code (1005 when it has none); null if the connection ended first.</summary>
    public static async Task<ushort?> ReadCloseCodeAsync(Stream stream, CancellationToken cancellationToken)
    {
        while (true)
        {
            var header = new byte[2];
            if (await stream.ReadAtLeastAsync(header, 2, throwOnEndOfStream: false, cancellationToken) < 2)
            {
                return null;
            }

            long length = header[1] & 0x7F;
            if (length >= 126)
            {
                var extended = new byte[length == 126 ? 2 : 8];
                await stream.ReadExactlyAsync(extended, cancellationToken);
                length = extended.Length == 2 ? BinaryPrimitives.ReadUInt16BigEndian(extended) : (long)BinaryPrimitives.ReadUInt64BigEndian(extended);
            }

            var mask = new byte[4];
            await stream.ReadExactlyAsync(mask, cancellationToken);
            var payload = new byte[length];
            await stream.ReadExactlyAsync(payload, cancellationToken);
            for (var i = 0; i < payload.Length; i++)
            {
                payload[i] ^= mask[i % 4];
            }

            if ((header[0] & 0x0F) == Close)
            {
                return payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(payload) : (ushort)1005;
            }
        }
    }
}
