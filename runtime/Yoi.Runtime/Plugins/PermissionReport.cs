using Yoi.Runtime.Manifest;
using Yoi.Runtime.Policy;

namespace Yoi.Runtime.Plugins;

/// <summary>One declared target and how much of it the grant covers (and by which grant entry).</summary>
public sealed record DeclaredTargetStatus(Target Target, Coverage Coverage, Target? CoveredBy)
{
    public string Status => Coverage switch
    {
        Coverage.Full => "covered",
        Coverage.Partial => "partially covered",
        _ => "missing",
    };
}

/// <summary>One granted target; grant-only when it overlaps nothing the manifest declares.</summary>
public sealed record GrantTargetStatus(Target Target, bool GrantOnly);

/// <summary>The requested/granted picture for one host API.</summary>
public sealed record ApiPermissions(
    HostApi Api,
    bool Requested,
    bool Granted,
    IReadOnlyList<DeclaredTargetStatus> Declared,
    IReadOnlyList<GrantTargetStatus> Grants);

public enum PermissionStatus
{
    /// <summary>No grants file was given: only what the plugin requests is known.</summary>
    NoGrantsFile,

    /// <summary>The grants file has no entry bound to this id, version and component digest.</summary>
    NotGranted,

    /// <summary>Every declared target is fully covered.</summary>
    FullyGranted,

    /// <summary>Some declared target is partially covered or missing.</summary>
    PartiallyGranted,
}

/// <summary>
/// What <c>yoi plugin show</c> reports: per API, each declared target with its coverage by the grant,
/// each granted target (flagging grant-only ones), broadness, and an overall status.
/// </summary>
public sealed record PermissionReport(PluginDirectory Plugin, PluginGrant? Grant, PermissionStatus Status, string? GrantProblem, IReadOnlyList<ApiPermissions> Apis)
{
    public static PermissionReport Build(PluginDirectory plugin, GrantsFile? grants)
    {
        var grant = grants?.Find(plugin.Manifest.Id, plugin.Manifest.Version, plugin.ComponentDigest);
        string? problem = null;
        if (grants is not null && grant is null)
        {
            problem = PluginPolicy.Bind(plugin.Manifest, plugin.ComponentDigest, grants).TryGetValue(out _, out var why) ? null : why;
        }

        var apis = new[] { HostApi.WebSocket, HostApi.Request }
            .Select(api => Describe(api, plugin.Manifest, grant))
            .ToList();

        var status = grants is null ? PermissionStatus.NoGrantsFile
            : grant is null ? PermissionStatus.NotGranted
            : apis.SelectMany(a => a.Declared).All(d => d.Coverage == Coverage.Full) ? PermissionStatus.FullyGranted
            : PermissionStatus.PartiallyGranted;
        return new PermissionReport(plugin, grant, status, problem, apis);
    }

    private static ApiPermissions Describe(HostApi api, PluginManifest manifest, PluginGrant? grant)
    {
        var declared = manifest.Declared(api);
        var granted = grant?.Granted(api) ?? [];
        var declaredStatus = declared.Select(target =>
        {
            var best = granted
                .Select(g => (Grant: g, Coverage: TargetCoverage.Of(target, g)))
                .OrderByDescending(c => c.Coverage)
                .FirstOrDefault();
            return new DeclaredTargetStatus(target, best.Grant is null ? Coverage.None : best.Coverage, best.Coverage == Coverage.None ? null : best.Grant);
        }).ToList();
        var grantStatus = granted
            .Select(g => new GrantTargetStatus(g, !declared.Any(d => TargetCoverage.Of(d, g) != Coverage.None)))
            .ToList();
        return new ApiPermissions(api, manifest.HostApis.Contains(api), grant?.HostApis.Contains(api) == true, declaredStatus, grantStatus);
    }
}
