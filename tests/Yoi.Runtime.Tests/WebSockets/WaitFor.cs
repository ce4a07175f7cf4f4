namespace Yoi.Runtime.Tests.WebSockets;

internal static class WaitFor
{
    /// <summary>Polls <paramref name="condition"/> for at most <paramref name="seconds"/>; bounded.</summary>
    public static async Task<bool> TrueAsync(Func<bool> condition, double seconds = 5)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (condition())
            {
                return true;
            }

            await Task.Delay(20);
        }

        return condition();
    }
}
