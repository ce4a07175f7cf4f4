using Wasmtime;
using Wasmtime.Components;
using Yoi.Runtime.Hosting;
using Yoi.Runtime.WebSockets;
using Yoi.Wit.Bindings;
using Unit = Yoi.Wit.Bindings.Unit;

namespace Yoi.Runtime.Tests.Hosting;

/// <summary>The WebSocket guest component (tests/Guests/websocket-guest.wat), compiled once per test run.</summary>
internal static class Guest
{
    private static readonly Lazy<Engine> SharedEngine = new(() => new Engine());
    private static readonly Lazy<Component> SharedComponent = new(() =>
        Component.FromTextFile(SharedEngine.Value, Path.Combine(AppContext.BaseDirectory, "Guests", "websocket-guest.wat")));

    public static Engine Engine => SharedEngine.Value;

    public static Component Component => SharedComponent.Value;

    public static PluginInstance Start(WebSocketHost host, IWebSocketPolicy policy, string name = "guest") =>
        PluginInstance.Start(Engine, Component, host, policy, name);

    /// <summary>connect(url) -> result&lt;u32, string&gt;.</summary>
    public static WitResult<uint, string> Connect(this PluginInstance instance, string url) =>
        ComponentValues.ToResult<uint, string>(instance.CallExport("connect", ComponentValues.FromString(url))!, ComponentValues.ToU32, ComponentValues.ToString);

    /// <summary>echo(connection, count, size, binary) -> result&lt;u32, string&gt;.</summary>
    public static WitResult<uint, string> Echo(this PluginInstance instance, uint connection, uint count, uint size, bool binary) =>
        ComponentValues.ToResult<uint, string>(
            instance.CallExport("echo", ComponentValues.FromU32(connection), ComponentValues.FromU32(count), ComponentValues.FromU32(size), ComponentValues.FromBool(binary))!,
            ComponentValues.ToU32,
            ComponentValues.ToString);

    /// <summary>disconnect(connection) -> result&lt;_, string&gt;.</summary>
    public static WitResult<Unit, string> Disconnect(this PluginInstance instance, uint connection) =>
        ComponentValues.ToResult<Unit, string>(instance.CallExport("disconnect", ComponentValues.FromU32(connection))!, null, ComponentValues.ToString);

    public static void Boom(this PluginInstance instance) => instance.CallExport("boom");

    public static T Ok<T, E>(WitResult<T, E> result)
    {
        Assert.True(result.IsOk, $"expected ok, got {result}");
        return result.OkValue;
    }

    public static E Err<T, E>(WitResult<T, E> result)
    {
        Assert.True(result.IsErr, $"expected err, got {result}");
        return result.ErrValue;
    }
}
