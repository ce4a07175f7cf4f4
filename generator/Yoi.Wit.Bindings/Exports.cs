using Wasmtime.Components;

namespace Yoi.Wit.Bindings;

/// <summary>Helpers for typed export wrappers.</summary>
public static class Exports
{
    /// <summary>
    /// Gets an exported function, failing with a clear message when the component lacks it
    /// (<see cref="ComponentInstance.GetFunction(string)"/> returns null instead).
    /// </summary>
    /// <param name="instance">The instantiated component.</param>
    /// <param name="interfaceName">The exported interface, e.g. <c>ns:pkg/iface@1.0.0</c>, or null for a root export.</param>
    /// <param name="functionName">The WIT function name.</param>
    /// <exception cref="MissingExportException">No such exported function.</exception>
    public static ComponentFunction GetFunction(ComponentInstance instance, string? interfaceName, string functionName)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(functionName);
        var function = interfaceName is null
            ? instance.GetFunction(functionName)
            : instance.GetFunction(interfaceName, functionName);
        return function ?? throw new MissingExportException(interfaceName, functionName);
    }
}

/// <summary>The component does not export a function the bindings expect.</summary>
public sealed class MissingExportException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MissingExportException(string? interfaceName, string functionName)
        : base(interfaceName is null
            ? $"The component does not export function '{functionName}'."
            : $"The component does not export function '{functionName}' of interface '{interfaceName}'.")
    {
        InterfaceName = interfaceName;
        FunctionName = functionName;
    }

    /// <summary>The exported interface, or null for a root export.</summary>
    public string? InterfaceName { get; }

    /// <summary>The function name.</summary>
    public string FunctionName { get; }
}
