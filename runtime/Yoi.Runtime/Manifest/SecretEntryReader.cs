using Yoi.Runtime.Manifest.Toml;
using Yoi.Runtime.Policy;
using Yoi.Runtime.Secrets;

namespace Yoi.Runtime.Manifest;

/// <summary>
/// Reads the secret sections: <c>[[secret]]</c> declarations in plugin.toml and
/// <c>[[plugin.secret]]</c> grants in a grants file. Each bad key is an error at its own line.
/// <code>
/// # plugin.toml                           # grants file
/// [[secret]]                              [[plugin.secret]]
/// name = "bot-token"                      name = "bot-token"
/// purpose = "Logs the bot in"             env = "CHAT_BOT_TOKEN"        # or file = "bot-token.txt"
/// [[secret.use]]                          [[plugin.secret.request]]    # where it may go
/// api = "request"                         scheme = "https"
/// header = "Authorization"                host = "api.chat.example"
/// template = "Bot {secret}"               methods = ["POST"]
/// [[secret.use]]
/// api = "websocket"
/// message = true
/// </code>
/// </summary>
internal static class SecretEntryReader
{
    /// <summary>At most this many characters of a secret's name; names appear in every denial and placeholder.</summary>
    public const int MaxNameLength = 64;

    public static IReadOnlyList<SecretDeclaration> ReadDeclarations(TableReader top, IReadOnlySet<HostApi> apis, List<ManifestError> errors)
    {
        var (tables, _) = top.TableArray("secret");
        var declarations = new List<SecretDeclaration>();
        foreach (var table in tables)
        {
            var entry = new TableReader(table, "[[secret]]", errors);
            var name = ReadName(entry);
            var purpose = entry.String("purpose", required: true);
            if (purpose is { Value: var text } && string.IsNullOrWhiteSpace(text))
            {
                entry.Error(purpose.Value.Location, ManifestErrorKind.InvalidValue, "the purpose of a secret is empty; say what the plugin uses it for (the user reads it when granting)");
                purpose = null;
            }

            var uses = ReadUses(entry, apis, errors);
            entry.ReportUnknownKeys();
            if (name is null || purpose is null || uses is null)
            {
                continue;
            }

            if (declarations.Any(d => d.Name == name.Value.Value))
            {
                entry.Error(name.Value.Location, ManifestErrorKind.Duplicate, $"the secret '{name.Value.Value}' is declared twice; list every use under one [[secret]]");
                continue;
            }

            declarations.Add(new SecretDeclaration(name.Value.Value, purpose.Value.Value, uses, entry.Location));
        }

        return declarations;
    }

    /// <param name="grantsDirectory">Relative <c>file</c> paths are read from here (the grants file's folder).</param>
    public static IReadOnlyList<SecretGrant> ReadGrants(TableReader plugin, IReadOnlySet<HostApi> apis, string grantsDirectory, List<ManifestError> errors)
    {
        var (tables, _) = plugin.TableArray("secret");
        var grants = new List<SecretGrant>();
        foreach (var table in tables)
        {
            var entry = new TableReader(table, "[[plugin.secret]]", errors);
            var name = ReadName(entry);
            var source = ReadSource(entry, grantsDirectory);
            var webSockets = HostApiListReader.ReadTargets<WebSocketTarget>(entry, HostApi.WebSocket, apis, "the [[plugin]] host_api", "plugin.secret.", errors);
            var requests = HostApiListReader.ReadTargets<RequestTarget>(entry, HostApi.Request, apis, "the [[plugin]] host_api", "plugin.secret.", errors);
            entry.ReportUnknownKeys();
            if (name is null || source is null)
            {
                continue;
            }

            if (webSockets.Count == 0 && requests.Count == 0 && !HasTargetTables(table))
            {
                entry.Error(entry.Location, ManifestErrorKind.MissingKey,
                    $"the secret '{name.Value.Value}' is granted without targets; say where it may go with [[plugin.secret.websocket]] or [[plugin.secret.request]] entries");
                continue;
            }

            if (grants.Any(g => g.Name == name.Value.Value))
            {
                entry.Error(name.Value.Location, ManifestErrorKind.Duplicate, $"the secret '{name.Value.Value}' is granted twice for this plugin");
                continue;
            }

            grants.Add(new SecretGrant(name.Value.Value, source, webSockets, requests, entry.Location));
        }

        return grants;
    }

    /// <summary>Null when <paramref name="name"/> is a secret name: lower-case kebab, like a WIT identifier.</summary>
    public static string? ValidateName(string name)
    {
        if (name.Length is 0 or > MaxNameLength)
        {
            return $"a secret name has 1 to {MaxNameLength} characters";
        }

        var words = name.Split('-');
        return words.All(word => word.Length > 0 && word.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))) && char.IsAsciiLetterLower(name[0])
            ? null
            : $"'{name}' is not a secret name (lower-case letters and digits in words joined by '-', starting with a letter, e.g. \"bot-token\")";
    }

    private static (string Value, SourceLocation Location)? ReadName(TableReader entry)
    {
        var name = entry.String("name", required: true);
        if (name is { } value && ValidateName(value.Value) is { } problem)
        {
            entry.Error(value.Location, ManifestErrorKind.InvalidValue, problem);
            return null;
        }

        return name;
    }

    private static IReadOnlyList<SecretUse>? ReadUses(TableReader secret, IReadOnlySet<HostApi> apis, List<ManifestError> errors)
    {
        var (tables, _) = secret.TableArray("use");
        if (tables.Count == 0)
        {
            if (secret.Node("use", required: false) is null)
            {
                secret.Error(secret.Location, ManifestErrorKind.MissingKey, "a [[secret]] needs at least one [[secret.use]] saying how the plugin uses it");
            }

            return null;
        }

        var uses = new List<SecretUse>();
        var ok = true;
        foreach (var table in tables)
        {
            var use = ReadUse(new TableReader(table, "[[secret.use]]", errors), apis);
            if (use is null)
            {
                ok = false;
            }
            else if (uses.Contains(use, SameUse.Instance))
            {
                errors.Add(new ManifestError(use.Location, ManifestErrorKind.Duplicate, $"this use ({use}) is listed twice"));
                ok = false;
            }
            else
            {
                uses.Add(use);
            }
        }

        return ok ? uses : null;
    }

    private static SecretUse? ReadUse(TableReader use, IReadOnlySet<HostApi> apis)
    {
        var apiText = use.String("api", required: true);
        var header = use.String("header", required: false);
        var template = use.String("template", required: false);
        var message = use.Node("message", required: false);
        use.ReportUnknownKeys();
        if (apiText is null)
        {
            return null;
        }

        var api = HostApiNames.TryParse(apiText.Value.Value);
        if (api is null)
        {
            use.Error(apiText.Value.Location, ManifestErrorKind.InvalidValue,
                $"unknown host API '{apiText.Value.Value}' in {use.Context}; expected \"{HostApiNames.WebSocket}\" or \"{HostApiNames.Request}\"");
            return null;
        }

        if (!apis.Contains(api.Value))
        {
            use.Error(apiText.Value.Location, ManifestErrorKind.ApiNotListed,
                $"a secret is used with \"{api.Value.Name()}\", which is not listed in [permissions] host_api");
            return null;
        }

        switch (message)
        {
            case TomlScalarNode { Value: true } when header is null && template is null:
                if (api != HostApi.WebSocket)
                {
                    use.Error(message.Location, ManifestErrorKind.InvalidValue, "'message = true' is for api = \"websocket\" only (secrets in text messages); a request uses a header");
                    return null;
                }

                return new SecretUse.Message(use.Location);
            case TomlScalarNode { Value: true }:
                use.Error(message.Location, ManifestErrorKind.InvalidValue, $"{use.Context} has both 'message' and 'header'; one use per [[secret.use]]");
                return null;
            case null:
                break;
            case TomlScalarNode { Value: false }:
                use.Error(message.Location, ManifestErrorKind.InvalidValue, "'message = false' says nothing; leave it out and give 'header'");
                return null;
            default:
                use.WrongType("message", message, "true");
                return null;
        }

        if (header is null)
        {
            use.Error(use.Location, ManifestErrorKind.MissingKey, $"{use.Context} needs 'header = \"NAME\"' or, for websocket, 'message = true'");
            return null;
        }

        if (HeaderPolicy.CheckSecretName(header.Value.Value) is { } refusal)
        {
            use.Error(header.Value.Location, ManifestErrorKind.InvalidValue, $"a secret cannot go in this header: {refusal.Message}");
            return null;
        }

        var templateText = template?.Value ?? SecretUse.ValueMarker;
        var location = template?.Location ?? header.Value.Location;
        if (TemplateProblem(header.Value.Value, templateText) is { } problem)
        {
            use.Error(location, ManifestErrorKind.InvalidValue, problem);
            return null;
        }

        return new SecretUse.Header(api.Value, header.Value.Value, templateText, use.Location);
    }

    private static string? TemplateProblem(string header, string template)
    {
        var first = template.IndexOf(SecretUse.ValueMarker, StringComparison.Ordinal);
        if (first < 0 || template.IndexOf(SecretUse.ValueMarker, first + 1, StringComparison.Ordinal) >= 0)
        {
            return $"the template \"{template}\" must contain {SecretUse.ValueMarker} exactly once";
        }

        return HeaderPolicy.CheckValue(header, template.Replace(SecretUse.ValueMarker, "", StringComparison.Ordinal)) is { } refusal
            ? $"the template \"{template}\" cannot be sent: {refusal.Message}"
            : null;
    }

    private static SecretSource? ReadSource(TableReader entry, string grantsDirectory)
    {
        var variable = entry.String("env", required: false);
        var file = entry.String("file", required: false);
        switch (variable, file)
        {
            case (null, null):
                entry.Error(entry.Location, ManifestErrorKind.MissingKey, "a [[plugin.secret]] needs 'env = \"VARIABLE\"' or 'file = \"PATH\"' saying where its value comes from");
                return null;
            case ({ }, { } both):
                entry.Error(both.Location, ManifestErrorKind.InvalidValue, "a [[plugin.secret]] takes its value from 'env' or 'file', not both");
                return null;
            case ({ } env, null):
                if (env.Value.Length == 0 || env.Value.Contains('=') || env.Value.Contains('\0'))
                {
                    entry.Error(env.Location, ManifestErrorKind.InvalidValue, $"'{env.Value}' is not an environment variable name");
                    return null;
                }

                return new SecretSource.Environment(env.Value, env.Location);
            case (null, { } path):
                if (path.Value.Length == 0 || path.Value.Contains('\0'))
                {
                    entry.Error(path.Location, ManifestErrorKind.InvalidValue, "the secret file path is empty");
                    return null;
                }

                return new SecretSource.File(Path.GetFullPath(path.Value, grantsDirectory), path.Location);
        }
    }

    private static bool HasTargetTables(TomlTableNode table) =>
        table.Find(HostApiNames.WebSocket) is not null || table.Find(HostApiNames.Request) is not null;

    /// <summary>Two uses are the same when they put the secret in the same place (template aside).</summary>
    private sealed class SameUse : IEqualityComparer<SecretUse>
    {
        public static readonly SameUse Instance = new();

        public bool Equals(SecretUse? x, SecretUse? y) => (x, y) switch
        {
            (SecretUse.Header a, SecretUse.Header b) => a.Api == b.Api && string.Equals(a.Name, b.Name, StringComparison.OrdinalIgnoreCase),
            (SecretUse.Message, SecretUse.Message) => true,
            _ => false,
        };

        public int GetHashCode(SecretUse use) => use.Api.GetHashCode();
    }
}
