using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Wasmtime;
using Wasmtime.Components;
using Yoi.Runtime.Manifest;

namespace Yoi.Runtime.Hosting;

/// <summary>
/// Compiled components keyed by the component's digest and the engine settings, so a second load of
/// the same plugin skips compilation (a componentize-js plugin takes 10 s or more to compile).
/// Always caches in memory; with a directory it also keeps serialized artifacts on disk across
/// processes. A serialized artifact is native code that Wasmtime trusts, so the directory must be
/// private to the user: it is created owner-only and files are written atomically.
/// </summary>
public sealed class CompiledComponentCache : IDisposable
{
    private readonly Engine _engine;
    private readonly string _engineSettings;
    private readonly string? _directory;
    private readonly ConcurrentDictionary<string, Lazy<Component>> _components = new();
    private int _compilations;

    /// <param name="engineSettings">A stable description of everything that changes compiled code (config flags).</param>
    public CompiledComponentCache(Engine engine, string engineSettings, string? directory = null)
    {
        _engine = engine;
        _engineSettings = engineSettings;
        _directory = directory;
    }

    /// <summary>How many components were compiled (not found in memory or on disk); for tests and metrics.</summary>
    public int Compilations => _compilations;

    /// <summary>Gets or compiles the component whose bytes are <paramref name="content"/>.</summary>
    /// <param name="isText">Component WAT rather than binary.</param>
    public Component GetOrCompile(ContentDigest digest, byte[] content, bool isText)
    {
        var key = Key(digest);
        var lazy = _components.GetOrAdd(key, k => new Lazy<Component>(() => Load(k, content, isText), LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return lazy.Value;
        }
        catch
        {
            // A failed compile is not cached: the next load tries again (and reports again).
            _components.TryRemove(new KeyValuePair<string, Lazy<Component>>(key, lazy));
            throw;
        }
    }

    private string Key(ContentDigest digest)
    {
        var material = $"{digest}|{_engineSettings}|{typeof(Engine).Assembly.GetName().Version}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(material)));
    }

    private Component Load(string key, byte[] content, bool isText)
    {
        var cached = _directory is null || !IsPrivateOrMissing(_directory) ? null : Path.Combine(_directory, key + ".cwasm");
        if (cached is not null && File.Exists(cached))
        {
            try
            {
                return Component.DeserializeFile(_engine, cached);
            }
            catch (WasmtimeException)
            {
                // Incompatible with this engine build (or damaged): compile afresh and overwrite it.
            }
        }

        Interlocked.Increment(ref _compilations);
        var component = isText
            ? Component.FromText(_engine, Encoding.UTF8.GetString(content))
            : Component.FromBytes(_engine, content);
        if (cached is not null)
        {
            TryStore(cached, component);
        }

        return component;
    }

    /// <summary>
    /// A directory others can write to could hold planted native code: it is neither read nor written
    /// (the plugin is compiled instead). A missing one is created owner-only when first written.
    /// </summary>
    private static bool IsPrivateOrMissing(string directory)
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(directory))
        {
            return true;
        }

        const UnixFileMode othersMayWrite = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;
        return (File.GetUnixFileMode(directory) & othersMayWrite) == 0;
    }

    private void TryStore(string path, Component component)
    {
        try
        {
            if (OperatingSystem.IsWindows())
            {
                // Per-user profile folders are already private on Windows.
                Directory.CreateDirectory(_directory!);
            }
            else
            {
                Directory.CreateDirectory(_directory!, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            File.WriteAllBytes(temporary, component.Serialize());
            File.Move(temporary, path, overwrite: true);
        }
        catch (IOException)
        {
            // The disk cache is an optimisation; failing to write it must not fail the load.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    public void Dispose()
    {
        foreach (var lazy in _components.Values)
        {
            if (lazy.IsValueCreated)
            {
                lazy.Value.Dispose();
            }
        }

        _components.Clear();
    }
}
