using System.Net;
using Yoi.Runtime.Policy;
using Yoi.Runtime.Tests.Policy;
using Yoi.Runtime.WebSockets;

namespace Yoi.Runtime.Tests.WebSockets;

internal static class TestPolicies
{
    /// <summary>ws://127.0.0.1:port declared and granted (the loopback literal named on both sides).</summary>
    public static IWebSocketPolicy Loopback(int port, string[]? subprotocols = null) =>
        Both(TestTargets.Ws("127.0.0.1", scheme: "ws", port: port, subprotocols: subprotocols));

    public static IWebSocketPolicy Both(Target target) => new TargetListPolicy([target], [target]);

    public static IWebSocketPolicy Sides(Target[] declared, Target[] granted) => new TargetListPolicy(declared, granted);
}

/// <summary>The resolver seam: fixed answers, and a count of lookups.</summary>
internal sealed class FakeResolver(Dictionary<string, IPAddress[]> answers) : IHostResolver
{
    public int Lookups;

    public Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref Lookups);
        return Task.FromResult<IReadOnlyList<IPAddress>>(answers.TryGetValue(host, out var found) ? found : []);
    }
}

internal static class ResultAssert
{
    public static T Ok<T>(Result<T, HostError> result)
        where T : notnull
    {
        Assert.True(result.IsOk, result.ToString());
        return result.Value;
    }

    public static TError Error<T, TError>(Result<T, HostError> result)
        where T : notnull
        where TError : HostError
    {
        Assert.False(result.IsOk, $"expected {typeof(TError).Name}, got {result}");
        return Assert.IsType<TError>(result.Error);
    }
}
