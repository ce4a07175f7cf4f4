using System.Diagnostics;
using Wasmtime;
using Wasmtime.Components;
using Xunit.Abstractions;

namespace Yoi.Runtime.Guest.Tests;

/// <summary>
/// The JavaScript echo plugin (examples/echo-plugin), built by componentize-js, loads in Wasmtime
/// with nothing but the yoi:host imports defined, and runs against an in-memory peer.
/// </summary>
public sealed class EchoPluginTests(ITestOutputHelper output)
{
    private const string Config = """{"ws":"ws://127.0.0.1:9001/echo","http":"http://127.0.0.1:9002/hello"}""";

    private static ComponentValue? Run(ComponentInstance instance, string input)
    {
        var run = instance.GetFunction("run");
        Assert.NotNull(run);
        return run.Call(ComponentValue.String(input));
    }

    [Fact]
    public void Run_exchanges_text_and_binary_closes_and_makes_one_http_request()
    {
        var host = new FakeHost();
        using var store = new Store(GuestPlugins.Engine);
        var instance = host.Instantiate(store, GuestPlugins.Component("echo-plugin"));

        var result = Run(instance, Config);

        Assert.NotNull(result);
        output.WriteLine(result.ToString());
        Assert.True(result.IsOk, $"run returned {result}");
        var transcript = result.Payload!.AsString().Split('\n');
        Assert.Equal(
        [
            "ws open ws://127.0.0.1:9001/echo -> connection 1",
            "ws send text \"hello from js\"",
            "ws recv text \"hello from js\"",
            "ws send binary [00 01 02 fd fe ff]",
            "ws recv binary [00 01 02 fd fe ff]",
            "ws close 1000 \"done\"",
            "http GET http://127.0.0.1:9002/hello -> 200 \"hello, plugin\"",
        ], transcript);
        Assert.Equal(
        [
            "ws.open ws://127.0.0.1:9001/echo headers=0",
            "ws.send 1 text 13 bytes",
            "ws.recv 1 timeout=5000",
            "ws.send 1 binary 6 bytes",
            "ws.recv 1 timeout=5000",
            "ws.close 1 code=1000 reason=done",
            "http.send GET http://127.0.0.1:9002/hello [accept: text/plain] body=none",
        ], host.Calls);
        Assert.Equal(0, host.OpenConnections);
    }

    [Fact]
    public void Run_can_be_called_again_on_the_same_instance()
    {
        var host = new FakeHost();
        using var store = new Store(GuestPlugins.Engine);
        var instance = host.Instantiate(store, GuestPlugins.Component("echo-plugin"));

        var first = Run(instance, Config);
        var second = Run(instance, Config);

        Assert.True(first!.IsOk, $"first run returned {first}");
        Assert.True(second!.IsOk, $"second run returned {second}");
        Assert.Contains("ws open ws://127.0.0.1:9001/echo -> connection 2", second.Payload!.AsString());
    }

    [Fact]
    public void A_typed_host_error_reaches_the_plugin_and_comes_back_as_err()
    {
        var host = new FakeHost
        {
            Refuse = (function, _) => function == "ws.open"
                ? FakeHost.HostError("denied", "ws://127.0.0.1:9001/echo is not granted")
                : null,
        };
        using var store = new Store(GuestPlugins.Engine);
        var instance = host.Instantiate(store, GuestPlugins.Component("echo-plugin"));

        var result = Run(instance, Config);

        Assert.False(result!.IsOk);
        Assert.Equal("websocket open failed: denied: ws://127.0.0.1:9001/echo is not granted", result.Payload!.AsString());
        // The store is still usable: an err is a value, not a trap.
        Assert.True(Run(instance, "not json")!.IsOk is false);
    }

    [Fact]
    public void Bad_input_is_an_err_not_a_trap()
    {
        using var store = new Store(GuestPlugins.Engine);
        var instance = new FakeHost().Instantiate(store, GuestPlugins.Component("echo-plugin"));

        var result = Run(instance, "{not json");

        Assert.False(result!.IsOk);
        Assert.StartsWith("input is not JSON: ", result.Payload!.AsString());
    }

    [Fact]
    public void A_missing_yoi_host_import_fails_instantiation_naming_it()
    {
        using var store = new Store(GuestPlugins.Engine);
        using var linker = new ComponentLinker(GuestPlugins.Engine);
        using (var root = linker.Root())
        using (var request = root.AddInstance(FakeHost.Request))
        {
            request.DefineFunction("send", (_, results) => results[0] = ComponentValue.Err(FakeHost.HostError("timeout")));
        }

        var error = Assert.Throws<WasmtimeException>(() => linker.Instantiate(store, GuestPlugins.Component("echo-plugin")));

        Assert.Contains("yoi:host/websocket@1.0.0", error.Message);
    }

    [Fact]
    public void The_types_only_import_needs_no_definition()
    {
        // yoi:host/types@1.0.0 is imported for its host-error type alone; FakeHost does not define it.
        using var store = new Store(GuestPlugins.Engine);
        var instance = new FakeHost().Instantiate(store, GuestPlugins.Component("echo-plugin"));

        Assert.NotNull(instance.GetFunction("run"));
    }

    [Fact]
    public void Compile_and_precompiled_load_times()
    {
        var bytes = File.ReadAllBytes(GuestPlugins.WasmPath("echo-plugin"));
        var compiled = GuestPlugins.Component("echo-plugin");
        output.WriteLine($"component: {bytes.Length:N0} bytes; Component.FromBytes (cold, first use): {GuestPlugins.CompileTime("echo-plugin").TotalMilliseconds:N0} ms");

        var clock = Stopwatch.StartNew();
        var serialized = compiled.Serialize();
        output.WriteLine($"Component.Serialize: {clock.ElapsedMilliseconds:N0} ms, {serialized.Length:N0} bytes");

        clock.Restart();
        using var loaded = Component.Deserialize(GuestPlugins.Engine, serialized);
        output.WriteLine($"Component.Deserialize: {clock.ElapsedMilliseconds:N0} ms");

        var host = new FakeHost();
        using var store = new Store(GuestPlugins.Engine);
        clock.Restart();
        var instance = host.Instantiate(store, loaded);
        output.WriteLine($"instantiate: {clock.ElapsedMilliseconds:N0} ms");
        clock.Restart();
        var result = Run(instance, Config);
        output.WriteLine($"first run call: {clock.ElapsedMilliseconds:N0} ms");
        Assert.True(result!.IsOk, $"run returned {result}");
    }
}
