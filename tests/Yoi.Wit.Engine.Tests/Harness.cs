using Wasmtime;
using Wasmtime.Components;
using Yoi.Wit.Bindings;

namespace Yoi.Wit.Engine.Tests;

/// <summary>
/// One store + instance of <see cref="TypesComponent"/>. Every import is defined through
/// <see cref="HostCall.Define"/>; functions without a handler echo their argument back.
/// </summary>
internal sealed class Harness : IDisposable
{
    public static readonly Wasmtime.Engine Engine = new();

    private static readonly Lazy<Component> TypesComponentCompiled =
        new(() => Component.FromText(Engine, TypesComponent.Wat));

    private readonly Dictionary<string, ComponentFunctionCallback> handlers = new(StringComparer.Ordinal);
    private Store? store;
    private ComponentInstance? instance;

    public static Component Compiled => TypesComponentCompiled.Value;

    /// <summary>Sets the host implementation of import <paramref name="name"/>.</summary>
    public Harness On(string name, ComponentFunctionCallback callback)
    {
        Assert.Null(instance);
        handlers[name] = callback;
        return this;
    }

    public ComponentInstance Instance => instance ??= Instantiate();

    /// <summary>Calls export <paramref name="name"/>.</summary>
    public ComponentValue? Call(string name, params ComponentValue[] arguments)
    {
        var function = Exports.GetFunction(Instance, null, name);
        return function.Call(arguments);
    }

    private ComponentInstance Instantiate()
    {
        using var linker = new ComponentLinker(Engine);
        using (var root = linker.Root())
        using (var host = root.AddInstance(TypesComponent.Interface))
        {
            foreach (var name in TypesComponent.FunctionNames)
            {
                var callback = handlers.GetValueOrDefault(name) ?? Echo;
                HostCall.Define(host, TypesComponent.Interface, name, callback);
            }
        }

        store = new Store(Engine);
        return linker.Instantiate(store, Compiled);
    }

    private static void Echo(ReadOnlySpan<ComponentValue> arguments, Span<ComponentValue> results)
    {
        if (results.Length == 1)
        {
            results[0] = arguments.Length == 1 ? arguments[0] : ComponentValues.FromU64(0);
        }
    }

    public void Dispose() => store?.Dispose();
}
