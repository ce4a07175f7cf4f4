namespace Yoi.Mocks.Discord;

/// <summary>Discord-shaped ids: milliseconds since 2015-01-01 shifted left 22 bits, strictly increasing.</summary>
internal sealed class Snowflakes(TimeProvider time)
{
    private const long DiscordEpochMilliseconds = 1_420_070_400_000;
    private long _last;

    public string Next()
    {
        var fromClock = (time.GetUtcNow().ToUnixTimeMilliseconds() - DiscordEpochMilliseconds) << 22;
        while (true)
        {
            var last = Volatile.Read(ref _last);
            var next = Math.Max(fromClock, last + 1);
            if (Interlocked.CompareExchange(ref _last, next, last) == last)
            {
                return next.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }
}
