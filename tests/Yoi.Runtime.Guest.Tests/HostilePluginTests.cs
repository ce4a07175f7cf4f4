using Wasmtime;
using Wasmtime.Components;
using Xunit.Abstractions;

namespace Yoi.Runtime.Guest.Tests;

/// <summary>
/// The hostile plugin (examples/hostile-plugin) builds, instantiates, and reports each typed error
/// it gets. Here the refusals come from a stand-in policy in <see cref="FakeHost"/>; the test
/// against the real runtime policy comes with the plugin host.
/// </summary>
public sealed class HostilePluginTests(ITestOutputHelper output)
{
    private const string Allowed = "ws://127.0.0.1:9001/echo";

    [Fact]
    public void Every_forbidden_attempt_comes_back_as_a_typed_error()
    {
        var host = new FakeHost
        {
            Refuse = (function, args) => function switch
            {
                "ws.open" when args[0].Field("url").AsString() != Allowed =>
                    FakeHost.HostError("denied", $"{args[0].Field("url").AsString()} is not declared and granted"),
                "ws.open" when args[0].Field("headers").AsList().Any(h => h.Field("name").AsString() == "authorization") =>
                    FakeHost.HostError("denied", "credential header 'authorization' needs a secret grant"),
                "http.send" when args[0].Field("url").AsString().StartsWith("wss:", StringComparison.Ordinal) =>
                    FakeHost.HostError("denied", "request refuses persistent connections (wss)"),
                _ => null,
            },
        };
        using var store = new Store(GuestPlugins.Engine);
        var instance = host.Instantiate(store, GuestPlugins.Component("hostile-plugin"));

        var result = instance.GetFunction("run")!.Call(ComponentValue.String($$"""{"ws":"{{Allowed}}"}"""));

        output.WriteLine(result!.ToString());
        Assert.True(result.IsOk, $"run returned {result}");
        Assert.Equal(
        [
            "undeclared-url: denied: ws://not-declared.invalid/socket is not declared and granted",
            "ungranted-loopback: denied: ws://[::1]:9001/echo is not declared and granted",
            "credential-header: denied: credential header 'authorization' needs a secret grant",
            "oversize-message: limit: message of 65537 bytes is over the 65536-byte bound",
            "request-wss: denied: request refuses persistent connections (wss)",
        ], result.Payload!.AsString().Split('\n'));
        Assert.Equal(0, host.OpenConnections);
    }
}
