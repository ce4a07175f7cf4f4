using Yoi.Runtime.Manifest;

namespace Yoi.Runtime.Tests.Hosting;

/// <summary>
/// A temporary plugin folder (plugin.toml + component WAT) and a grants file next to it, bound to the
/// component's digest as computed now. Deleted on dispose.
/// </summary>
internal sealed class TestPluginFolder : IDisposable
{
    /// <summary>The WebSocket guest (tests/Guests/websocket-guest.wat).</summary>
    public static string WebSocketGuest => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Guests", "websocket-guest.wat"));

    /// <summary>
    /// A minimal <c>yoi:host/plugin</c> component whose <c>run</c> returns its input as ok, importing
    /// whatever <paramref name="imports"/> declares (component WAT import items; nothing uses them).
    /// </summary>
    public static string MinimalComponent(string imports = "") => $$"""
        (component
          {{imports}}
          (core module $m
            (memory (export "memory") 1)
            (global $heap (mut i32) (i32.const 1024))
            (func (export "realloc") (param i32 i32 i32 i32) (result i32)
              (local $p i32)
              (local.set $p (global.get $heap))
              (global.set $heap (i32.add (global.get $heap) (local.get 3)))
              (local.get $p))
            (func (export "run") (param $p i32) (param $n i32) (result i32)
              (i32.store8 (i32.const 0) (i32.const 0))
              (i32.store (i32.const 4) (local.get $p))
              (i32.store (i32.const 8) (local.get $n))
              (i32.const 0)))
          (core instance $i (instantiate $m))
          (func (export "run") (param "input" string) (result (result string (error string)))
            (canon lift (core func $i "run") (memory (core memory $i "memory")) (realloc (core func $i "realloc"))))
        )
        """;

    /// <summary>The <c>[[websocket]]</c> target both the manifests and the grants below use.</summary>
    public const string LoopbackEcho = """
        scheme = "ws"
        host = "127.0.0.1"
        port = "any"
        path_prefixes = ["/echo"]
        """;

    private TestPluginFolder(string root)
    {
        Root = root;
    }

    public string Root { get; }

    public string Directory => Path.Combine(Root, "plugin");

    public string GrantsPath => Path.Combine(Root, "grants.toml");

    public ContentDigest Digest { get; private set; } = null!;

    /// <summary>
    /// Writes the folder. <paramref name="hostApis"/> is the manifest's <c>host_api</c> list and
    /// <paramref name="grantedApis"/> the grant's (both as TOML array contents); both declare and grant
    /// <see cref="LoopbackEcho"/> when they include websocket, and <c>GET http://127.0.0.1:any/hello</c> with request.
    /// </summary>
    public static TestPluginFolder Create(
        string component,
        string id = "test-plugin",
        string version = "1.0.0",
        string world = "yoi:host/plugin",
        string hostApis = "\"websocket\"",
        string grantedApis = "\"websocket\"",
        string? grantId = null,
        string? grantVersion = null,
        string? grantDigest = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "yoi-plugin-host-tests", Guid.NewGuid().ToString("N"));
        var folder = new TestPluginFolder(root);
        System.IO.Directory.CreateDirectory(folder.Directory);
        var bytes = System.Text.Encoding.UTF8.GetBytes(component);
        File.WriteAllBytes(Path.Combine(folder.Directory, "plugin.wat"), bytes);
        folder.Digest = ContentDigest.Of(bytes);

        File.WriteAllText(Path.Combine(folder.Directory, "plugin.toml"), $"""
            id = "{id}"
            name = "Test plugin"
            version = "{version}"

            [runtime]
            component = "plugin.wat"
            world = "{world}"

            [permissions]
            host_api = [{hostApis}]

            {Targets(hostApis, "")}
            """);

        File.WriteAllText(folder.GrantsPath, $"""
            [[plugin]]
            id = "{grantId ?? id}"
            version = "{grantVersion ?? version}"
            digest = "{grantDigest ?? folder.Digest.ToString()}"
            host_api = [{grantedApis}]

            {Targets(grantedApis, "plugin.")}
            """);
        return folder;
    }

    /// <summary>The targets for the APIs listed in <paramref name="apis"/> (tables only for listed APIs).</summary>
    private static string Targets(string apis, string tablePrefix)
    {
        var text = new System.Text.StringBuilder();
        if (apis.Contains("\"websocket\"", StringComparison.Ordinal))
        {
            text.Append($"[[{tablePrefix}websocket]]\n{LoopbackEcho}\n\n");
        }

        if (apis.Contains("\"request\"", StringComparison.Ordinal))
        {
            text.Append($"[[{tablePrefix}request]]\nscheme = \"http\"\nhost = \"127.0.0.1\"\nport = \"any\"\npath_prefixes = [\"/hello\"]\nmethods = [\"GET\"]\n");
        }

        return text.ToString();
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
