namespace Yoi.Runtime.Guest.Tests;

/// <summary>
/// The gateway bot's seeded jitter (xorshift32 in <c>examples/gateway-bot/src/plugin.js</c>), so a test
/// on a fake clock knows to the millisecond when the first heartbeat is due. If the bot's generator
/// changes, the heartbeat test says so.
/// </summary>
internal sealed class BotJitter(uint seed)
{
    private uint _x = (seed ^ 0x9e3779b9u) is var x and not 0 ? x : 0x6d2b79f5u;

    /// <summary>The next value in [0, 1).</summary>
    public double Next()
    {
        _x ^= _x << 13;
        _x ^= _x >> 17;
        _x ^= _x << 5;
        return _x / 4294967296.0;
    }

    /// <summary>A delay as the bot sets its timer: rounded to whole ms (JavaScript's Math.round), at least 10.</summary>
    public static TimeSpan TimerDelay(double ms) => TimeSpan.FromMilliseconds(Math.Max(10, Math.Floor(ms + 0.5)));
}
