using System.Diagnostics;
using System.Reflection;
using Wasmtime.Components;

namespace Yoi.Runtime.Guest.Tests;

/// <summary>
/// Finds (building when needed) the JavaScript sample plugins in examples/ and compiles each once
/// per test run: a componentize-js component is about 12 MB, and compiling it is the slow part.
/// </summary>
public static class GuestPlugins
{
    public static readonly Wasmtime.Engine Engine = new();

    private static readonly Lazy<string> Built = new(BuildAll, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly Dictionary<string, TimeSpan> CompileTimes = new(StringComparer.Ordinal);
    private static readonly Dictionary<string, Lazy<Component>> Compiled = new(StringComparer.Ordinal)
    {
        ["echo-plugin"] = new(() => Compile("echo-plugin")),
        ["hostile-plugin"] = new(() => Compile("hostile-plugin")),
    };

    public static string ExamplesDir =>
        typeof(GuestPlugins).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "ExamplesDir").Value!;

    /// <summary>The path of plugin <paramref name="name"/>'s component, built if missing or stale.</summary>
    public static string WasmPath(string name)
    {
        _ = Built.Value;
        var path = Path.Combine(ExamplesDir, name, "plugin.wasm");
        Assert.True(File.Exists(path), $"{path} is missing after examples/build.sh");
        return path;
    }

    public static Component Component(string name) => Compiled[name].Value;

    /// <summary>How long <see cref="Component.FromBytes"/> took for plugin <paramref name="name"/>.</summary>
    public static TimeSpan CompileTime(string name)
    {
        _ = Component(name);
        lock (CompileTimes)
        {
            return CompileTimes[name];
        }
    }

    private static Component Compile(string name)
    {
        var bytes = File.ReadAllBytes(WasmPath(name));
        var clock = Stopwatch.StartNew();
        var component = Wasmtime.Components.Component.FromBytes(Engine, bytes);
        lock (CompileTimes)
        {
            CompileTimes[name] = clock.Elapsed;
        }
        return component;
    }

    /// <summary>
    /// Runs examples/build.sh (idempotent: well under a second when nothing changed), so the tests
    /// also work after `dotnet test --no-build` or with -p:SkipGuestBuild=true.
    /// </summary>
    private static string BuildAll()
    {
        var script = Path.Combine(ExamplesDir, "build.sh");
        var start = new ProcessStartInfo("bash", [script])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start bash");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish in 10 minutes");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{script} failed with exit code {process.ExitCode}:\n{stdout.Result}\n{stderr.Result}");
        }
        return script;
    }
}
