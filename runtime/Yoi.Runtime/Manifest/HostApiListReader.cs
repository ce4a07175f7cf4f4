using Yoi.Runtime.Manifest.Toml;
using Yoi.Runtime.Policy;

namespace Yoi.Runtime.Manifest;

/// <summary>
/// Reads a <c>host_api = ["websocket", "request"]</c> list and the <c>[[websocket]]</c> and
/// <c>[[request]]</c> target entries beside it, refusing entries whose API is not listed.
/// Shared by plugin.toml (declarations) and grants files (grants).
/// </summary>
internal static class HostApiListReader
{
    public static IReadOnlySet<HostApi> ReadApis(TableReader table, string key, string listName)
    {
        var apis = new HashSet<HostApi>();
        var items = table.StringArray(key, required: false) ?? [];
        foreach (var (text, location) in items)
        {
            var api = HostApiNames.TryParse(text);
            if (api is null)
            {
                table.Error(location, ManifestErrorKind.InvalidValue,
                    $"unknown host API '{text}' in {listName}; expected \"{HostApiNames.WebSocket}\" or \"{HostApiNames.Request}\"");
            }
            else if (!apis.Add(api.Value))
            {
                table.Error(location, ManifestErrorKind.Duplicate, $"host API '{text}' is listed twice in {listName}");
            }
        }

        return apis;
    }

    /// <param name="sectionPrefix">"" for plugin.toml, "plugin." for grants, used in messages.</param>
    public static IReadOnlyList<T> ReadTargets<T>(
        TableReader parent, HostApi api, IReadOnlySet<HostApi> listedApis, string listName, string sectionPrefix, List<ManifestError> errors)
        where T : Target
    {
        var section = $"[[{sectionPrefix}{api.Name()}]]";
        var (tables, _) = parent.TableArray(api.Name());
        var targets = new List<T>();
        foreach (var table in tables)
        {
            if (!listedApis.Contains(api))
            {
                parent.Error(table.Location, ManifestErrorKind.ApiNotListed,
                    $"{section} is present but \"{api.Name()}\" is not listed in {listName}");
            }

            var target = TargetEntryReader.Read(new TableReader(table, section, errors), api);
            if (target is T typed)
            {
                targets.Add(typed);
            }
        }

        return targets;
    }
}
