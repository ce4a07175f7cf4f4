using Yoi.Runtime.Manifest.Toml;
using Yoi.Runtime.Policy;

namespace Yoi.Runtime.Manifest;

/// <summary>
/// Reads plugin.toml. Every problem becomes a <see cref="ManifestError"/> with file:line:col;
/// a manifest is returned only when there are none.
/// <code>
/// id = "chat-bridge"
/// name = "Chat bridge"
/// version = "1.2.0"
///
/// [runtime]
/// component = "chat_bridge.wasm"
/// world = "yoi:host/plugin"
///
/// [permissions]
/// host_api = ["websocket"]
///
/// [[websocket]]
/// scheme = "wss"
/// host = "chat.example.com"
/// path_prefixes = ["/gateway"]
/// subprotocols = ["chat.v1"]
/// </code>
/// </summary>
public static class PluginManifestReader
{
    private const string HostApiList = "[permissions] host_api";

    public static Result<PluginManifest, IReadOnlyList<ManifestError>> Read(string text, string file)
    {
        var document = LocatedTomlReader.Read(text, file);
        if (!document.TryGetValue(out var root, out var syntaxErrors))
        {
            return Result<PluginManifest, IReadOnlyList<ManifestError>>.Fail(syntaxErrors);
        }

        var errors = new List<ManifestError>();
        var top = new TableReader(root, file, errors);

        var id = top.String("id", required: true);
        if (id is { } idValue && PluginIdentity.ValidateId(idValue.Value) is { } idError)
        {
            top.Error(idValue.Location, ManifestErrorKind.InvalidValue, idError);
        }

        var name = top.String("name", required: true);
        if (name is { Value.Length: 0 } emptyName)
        {
            top.Error(emptyName.Location, ManifestErrorKind.InvalidValue, "the plugin name is empty");
        }

        var version = ReadVersion(top);
        var (component, world) = ReadRuntime(top, errors);
        var apis = ReadPermissions(top, errors);
        var webSockets = HostApiListReader.ReadTargets<WebSocketTarget>(top, HostApi.WebSocket, apis, HostApiList, "", errors);
        var requests = HostApiListReader.ReadTargets<RequestTarget>(top, HostApi.Request, apis, HostApiList, "", errors);
        var secrets = SecretEntryReader.ReadDeclarations(top, apis, errors);
        top.ReportUnknownKeys();

        if (errors.Count > 0)
        {
            return Result<PluginManifest, IReadOnlyList<ManifestError>>.Fail(Sorted(errors));
        }

        return Result<PluginManifest, IReadOnlyList<ManifestError>>.Ok(new PluginManifest(
            id!.Value.Value, name!.Value.Value, version!, component!, world!, apis, webSockets, requests, file)
        {
            Secrets = secrets,
        });
    }

    /// <summary>Reads a file; an unreadable file is an error value too.</summary>
    public static Result<PluginManifest, IReadOnlyList<ManifestError>> ReadFile(string path)
    {
        try
        {
            return Read(File.ReadAllText(path), path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return Result<PluginManifest, IReadOnlyList<ManifestError>>.Fail(
                [new ManifestError(new SourceLocation(path, 1, 1), ManifestErrorKind.Syntax, $"cannot read the file: {exception.Message}")]);
        }
    }

    internal static IReadOnlyList<ManifestError> Sorted(List<ManifestError> errors) =>
        errors.OrderBy(e => e.Location.Line).ThenBy(e => e.Location.Column).ToList();

    internal static SemanticVersion? ReadVersion(TableReader table)
    {
        var version = table.String("version", required: true);
        if (version is null)
        {
            return null;
        }

        var parsed = SemanticVersion.Parse(version.Value.Value);
        if (!parsed.TryGetValue(out var value, out var error))
        {
            table.Error(version.Value.Location, ManifestErrorKind.InvalidValue, error);
            return null;
        }

        return value;
    }

    private static (string? Component, string? World) ReadRuntime(TableReader top, List<ManifestError> errors)
    {
        var table = top.Table("runtime", required: true);
        if (table is null)
        {
            return (null, null);
        }

        var runtime = new TableReader(table, "[runtime]", errors);
        var component = runtime.String("component", required: true);
        var world = runtime.String("world", required: true);
        runtime.ReportUnknownKeys();

        if (component is { } c && ComponentPathError(c.Value) is { } pathError)
        {
            runtime.Error(c.Location, ManifestErrorKind.InvalidValue, pathError);
            component = null;
        }

        if (world is { } w && !IsWorldName(w.Value))
        {
            runtime.Error(w.Location, ManifestErrorKind.InvalidValue,
                $"'{w.Value}' is not a WIT world name (e.g. \"plugin\" or \"yoi:host/plugin@1.0.0\")");
            world = null;
        }

        return (component?.Value, world?.Value);
    }

    private static IReadOnlySet<HostApi> ReadPermissions(TableReader top, List<ManifestError> errors)
    {
        var table = top.Table("permissions", required: false);
        if (table is null)
        {
            return new HashSet<HostApi>();
        }

        var permissions = new TableReader(table, "[permissions]", errors);
        var apis = HostApiListReader.ReadApis(permissions, "host_api", HostApiList);
        permissions.ReportUnknownKeys();
        return apis;
    }

    /// <summary>The component must stay inside the plugin directory: relative, '/'-separated, no '..'.</summary>
    private static string? ComponentPathError(string path)
    {
        if (path.Length == 0)
        {
            return "the component path is empty";
        }

        if (path.StartsWith('/') || path.Contains('\\') || (path.Length > 1 && path[1] == ':'))
        {
            return $"the component path '{path}' must be relative to the plugin directory and use '/'";
        }

        if (path.Split('/').Any(segment => segment is "" or "." or ".."))
        {
            return $"the component path '{path}' must not contain empty, '.' or '..' segments";
        }

        return null;
    }

    private static bool IsWorldName(string world) =>
        world.Length > 0 && char.IsAsciiLetterLower(world[0])
        && world.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or ':' or '/' or '@' or '.' or '+');
}
