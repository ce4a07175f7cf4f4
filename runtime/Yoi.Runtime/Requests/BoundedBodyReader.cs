namespace Yoi.Runtime.Requests;

/// <summary>
/// Reads a response body up to a bound. It never holds more than <c>bound + 1</c> bytes read from the
/// stream: the extra byte only tells "longer than the bound" (truncated) from "exactly the bound".
/// Chunks grow with the data, so a small body costs a small buffer whatever the bound is.
/// </summary>
internal static class BoundedBodyReader
{
    private const int ChunkBytes = 64 * 1024;

    public static async Task<(byte[] Body, bool Truncated)> ReadAsync(Stream stream, int bound, CancellationToken cancellationToken)
    {
        var chunks = new List<byte[]>();
        var total = 0L;
        var wanted = bound + 1L;
        var chunk = Array.Empty<byte>();
        var filled = 0;
        while (total < wanted)
        {
            if (filled == chunk.Length)
            {
                if (chunk.Length > 0)
                {
                    chunks.Add(chunk);
                }

                chunk = new byte[(int)Math.Min(ChunkBytes, wanted - total)];
                filled = 0;
            }

            var read = await stream.ReadAsync(chunk.AsMemory(filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            filled += read;
            total += read;
        }

        chunks.Add(filled == chunk.Length ? chunk : chunk[..filled]);
        var truncated = total > bound;
        var body = new byte[Math.Min(total, bound)];
        var offset = 0;
        foreach (var piece in chunks)
        {
            var take = Math.Min(piece.Length, body.Length - offset);
            piece.AsSpan(0, take).CopyTo(body.AsSpan(offset));
            offset += take;
        }

        return (body, truncated);
    }
}
