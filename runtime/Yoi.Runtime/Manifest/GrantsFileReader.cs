using Yoi.Runtime.Manifest.Toml;
using Yoi.Runtime.Policy;

namespace Yoi.Runtime.Manifest;

/// <summary>
/// Reads a grants file. Every problem becomes a <see cref="ManifestError"/> with file:line:col.
/// <code>
/// [[plugin]]
/// id = "chat-bridge"
/// version = "1.2.0"
/// digest = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"
/// host_api = ["websocket"]
///
/// [[plugin.websocket]]
/// scheme = "wss"
/// host = "chat.example.com"
/// path_prefixes = ["/gateway"]
/// subprotocols = ["chat.v1"]
/// </code>
/// </summary>
public static class GrantsFileReader
{
    private const string Context = "[[plugin]]";
    private const string HostApiList = "the [[plugin]] host_api";

    public static Result<GrantsFile, IReadOnlyList<ManifestError>> Read(string text, string file)
    {
        var document = LocatedTomlReader.Read(text, file);
        if (!document.TryGetValue(out var root, out var syntaxErrors))
        {
            return Result<GrantsFile, IReadOnlyList<ManifestError>>.Fail(syntaxErrors);
        }

        var errors = new List<ManifestError>();
        var top = new TableReader(root, file, errors);
        var (tables, _) = top.TableArray("plugin");
        top.ReportUnknownKeys();

        var grants = new List<PluginGrant>();
        foreach (var table in tables)
        {
            var grant = ReadGrant(new TableReader(table, Context, errors), Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".", errors);
            if (grant is null)
            {
                continue;
            }

            if (grants.Any(g => g.Id == grant.Id && g.Version == grant.Version && g.Digest == grant.Digest))
            {
                errors.Add(new ManifestError(grant.Location, ManifestErrorKind.Duplicate,
                    $"plugin '{grant.Id}' {grant.Version} with this digest is granted more than once"));
                continue;
            }

            grants.Add(grant);
        }

        return errors.Count > 0
            ? Result<GrantsFile, IReadOnlyList<ManifestError>>.Fail(PluginManifestReader.Sorted(errors))
            : Result<GrantsFile, IReadOnlyList<ManifestError>>.Ok(new GrantsFile(grants, file));
    }

    public static Result<GrantsFile, IReadOnlyList<ManifestError>> ReadFile(string path)
    {
        try
        {
            return Read(File.ReadAllText(path), path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return Result<GrantsFile, IReadOnlyList<ManifestError>>.Fail(
                [new ManifestError(new SourceLocation(path, 1, 1), ManifestErrorKind.Syntax, $"cannot read the file: {exception.Message}")]);
        }
    }

    private static PluginGrant? ReadGrant(TableReader plugin, string grantsDirectory, List<ManifestError> errors)
    {
        var errorCount = errors.Count;
        var id = plugin.String("id", required: true);
        if (id is { } idValue && PluginIdentity.ValidateId(idValue.Value) is { } idError)
        {
            plugin.Error(idValue.Location, ManifestErrorKind.InvalidValue, idError);
        }

        var version = PluginManifestReader.ReadVersion(plugin);
        var digest = ReadDigest(plugin);
        var apis = HostApiListReader.ReadApis(plugin, "host_api", HostApiList);
        var webSockets = HostApiListReader.ReadTargets<WebSocketTarget>(plugin, HostApi.WebSocket, apis, HostApiList, "plugin.", errors);
        var requests = HostApiListReader.ReadTargets<RequestTarget>(plugin, HostApi.Request, apis, HostApiList, "plugin.", errors);
        var secrets = SecretEntryReader.ReadGrants(plugin, apis, grantsDirectory, errors);
        plugin.ReportUnknownKeys();

        if (errors.Count > errorCount || id is null || version is null || digest is null)
        {
            return null;
        }

        return new PluginGrant(id.Value.Value, version, digest, apis, webSockets, requests, plugin.Location) { Secrets = secrets };
    }

    private static ContentDigest? ReadDigest(TableReader plugin)
    {
        var digest = plugin.String("digest", required: true);
        if (digest is null)
        {
            return null;
        }

        var parsed = ContentDigest.Parse(digest.Value.Value);
        if (!parsed.TryGetValue(out var value, out var error))
        {
            plugin.Error(digest.Value.Location, ManifestErrorKind.InvalidValue, error);
            return null;
        }

        return value;
    }
}
