using Yoi.Runtime.Manifest;
using Yoi.Runtime.Policy;
using Yoi.Runtime.Secrets;

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

/// <summary>Where one secret stands: what the manifest asks for and what the user granted. Never its value.</summary>
public enum SecretState
{
    /// <summary>Declared; no grants file was given.</summary>
    Requested,

    /// <summary>Declared and granted, with a value that can be read and targets that check out.</summary>
    Granted,

    /// <summary>Declared but not granted: every use is <c>denied</c>.</summary>
    Missing,

    /// <summary>Granted, but the value cannot be read or a target is not allowed (the plugin does not load).</summary>
    Invalid,

    /// <summary>Granted but not declared by the manifest (the plugin does not load).</summary>
    GrantOnly,
}

/// <summary>One secret in <c>yoi plugin show</c>: its declaration, its grant, and the problems that stop it.</summary>
public sealed record SecretStatus(string Name, SecretDeclaration? Declaration, SecretGrant? Grant, SecretState State, IReadOnlyList<string> Problems)
{
    public string StateText => State switch
    {
        SecretState.Requested => "requested",
        SecretState.Granted => "granted",
        SecretState.Missing => "missing",
        SecretState.Invalid => "invalid",
        _ => "grant-only",
    };
}

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
    /// <summary>Every secret the manifest declares or the grant gives, by name.</summary>
    public IReadOnlyList<SecretStatus> Secrets { get; init; } = [];

    /// <summary>True when a secret stops the plugin from loading (invalid or grant-only).</summary>
    public bool HasSecretProblems => Secrets.Any(s => s.State is SecretState.Invalid or SecretState.GrantOnly);

    /// <param name="environment">Looks up environment variables for <c>env</c> secrets (the process's by default).
    /// Values are read only to check them, and dropped.</param>
    public static PermissionReport Build(PluginDirectory plugin, GrantsFile? grants, Func<string, string?>? environment = null)
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
        return new PermissionReport(plugin, grant, status, problem, apis) { Secrets = DescribeSecrets(plugin.Manifest, grants is not null, grant, environment) };
    }

    private static IReadOnlyList<SecretStatus> DescribeSecrets(PluginManifest manifest, bool hasGrantsFile, PluginGrant? grant, Func<string, string?>? environment)
    {
        var problems = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (grant is not null)
        {
            // The binder's own checks, one secret at a time, so each problem lands on its secret.
            foreach (var granted in grant.Secrets)
            {
                var single = new PluginPolicy(manifest, grant with { Secrets = [granted] });
                if (!SecretBinder.Bind(single, environment).TryGetValue(out _, out var errors))
                {
                    problems[granted.Name] = errors.Select(e => e.ToString()).ToList();
                }
            }
        }

        var names = manifest.Secrets.Select(s => s.Name).Concat(grant?.Secrets.Select(s => s.Name) ?? []).Distinct();
        return names.Select(name =>
        {
            var declaration = manifest.Secret(name);
            var granted = grant?.Secret(name);
            var found = problems.GetValueOrDefault(name) ?? [];
            var state = declaration is null ? SecretState.GrantOnly
                : !hasGrantsFile ? SecretState.Requested
                : granted is null ? SecretState.Missing
                : found.Count > 0 ? SecretState.Invalid
                : SecretState.Granted;
            return new SecretStatus(name, declaration, granted, state, found);
        }).ToList();
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
