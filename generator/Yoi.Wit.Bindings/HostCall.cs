using Wasmtime.Components;

namespace Yoi.Wit.Bindings;

/// <summary>
/// A host function implementation threw. Wasmtime turns the exception that leaves a host callback
/// into a trap of the calling guest: the guest's export call fails with a
/// <see cref="Wasmtime.WasmtimeException"/> whose message ends with this exception's
/// <see cref="Exception.Message"/> and whose <see cref="Exception.InnerException"/> is this exception.
/// The store is unusable afterwards ("cannot enter component instance").
/// </summary>
public sealed class HostCallException : Exception
{
    /// <summary>Wraps the exception thrown by a host function implementation.</summary>
    public HostCallException(string interfaceName, string functionName, Exception innerException)
        : base(FormatMessage(interfaceName, functionName, innerException), innerException)
    {
        InterfaceName = interfaceName;
        FunctionName = functionName;
    }

    /// <summary>The instance the function was imported from, e.g. <c>yoi:host/websocket@1.0.0</c>
    /// (empty for a function imported at the root of the world).</summary>
    public string InterfaceName { get; }

    /// <summary>The WIT function name, e.g. <c>send</c>.</summary>
    public string FunctionName { get; }

    /// <summary>The name as WIT tools print it: <c>ns:pkg/iface@ver#func</c>, or just <c>func</c> at the root.</summary>
    public string QualifiedName => InterfaceName.Length == 0 ? FunctionName : InterfaceName + "#" + FunctionName;

    private static string FormatMessage(string interfaceName, string functionName, Exception inner)
    {
        ArgumentNullException.ThrowIfNull(interfaceName);
        ArgumentNullException.ThrowIfNull(functionName);
        ArgumentNullException.ThrowIfNull(inner);
        var qualified = interfaceName.Length == 0 ? functionName : interfaceName + "#" + functionName;
        return $"host function '{qualified}' failed: {inner.GetType().FullName}: {inner.Message}";
    }
}

/// <summary>Helpers for defining host functions the way generated <c>AddToLinker</c> code does.</summary>
public static class HostCall
{
    /// <summary>
    /// Defines <paramref name="functionName"/> on <paramref name="instance"/> so that any exception
    /// thrown by <paramref name="callback"/> reaches the guest's caller as a trap whose message names
    /// <paramref name="interfaceName"/> and the function (see <see cref="HostCallException"/>).
    /// </summary>
    /// <param name="instance">From <c>linker.Root().AddInstance(interfaceName)</c> (or the root itself).</param>
    /// <param name="interfaceName">The instance name, for messages only ("" for a root function).</param>
    /// <param name="functionName">The WIT function name.</param>
    /// <param name="callback">Reads <c>args</c>, assigns every element of <c>results</c> (at most one).</param>
    public static void Define(ComponentLinkerInstance instance, string interfaceName, string functionName, ComponentFunctionCallback callback)
    {
        ArgumentNullException.ThrowIfNull(instance);
        instance.DefineFunction(functionName, Wrap(interfaceName, functionName, callback));
    }

    /// <summary>Wraps a callback so exceptions become <see cref="HostCallException"/>s naming the function.</summary>
    public static ComponentFunctionCallback Wrap(string interfaceName, string functionName, ComponentFunctionCallback callback)
    {
        ArgumentNullException.ThrowIfNull(interfaceName);
        ArgumentNullException.ThrowIfNull(functionName);
        ArgumentNullException.ThrowIfNull(callback);
        return (args, results) =>
        {
            try
            {
                callback(args, results);
            }
            catch (Exception ex) when (ex is not HostCallException)
            {
                throw new HostCallException(interfaceName, functionName, ex);
            }
        };
    }

    /// <summary>
    /// Finds the <see cref="HostCallException"/> behind a failed guest call, if a host function
    /// caused it (walks the <see cref="Exception.InnerException"/> chain).
    /// </summary>
    public static HostCallException? FindCause(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is HostCallException hce)
            {
                return hce;
            }
        }

        return null;
    }
}
