using Yoi.Runtime.Manifest;
using Yoi.Runtime.Policy;

namespace Yoi.Runtime.Secrets;

/// <summary>
/// Binds a plugin's secrets at load time: every granted secret must be declared; each of its
/// targets must be of an API the secret is declared for and be covered in full by a declared AND
/// a granted target of that API; its value must be readable (and fit every header it is declared
/// for). Each problem is a <see cref="ManifestError"/> at the grants file's line, never holding the value.
/// </summary>
public static class SecretBinder
{
    public static Result<PluginSecrets, IReadOnlyList<ManifestError>> Bind(PluginPolicy policy, Func<string, string?>? environment = null)
    {
        var errors = new List<ManifestError>();
        var values = new Dictionary<string, SecretValue>(StringComparer.Ordinal);
        foreach (var granted in policy.Grant.Secrets)
        {
            var declaration = policy.Manifest.Secret(granted.Name);
            if (declaration is null)
            {
                errors.Add(new(granted.Location, ManifestErrorKind.InvalidValue,
                    $"the grant gives secret '{granted.Name}', which the plugin's manifest does not declare ({Declared(policy.Manifest)})"));
                continue;
            }

            var before = errors.Count;
            CheckTargets(policy, declaration, granted, errors);
            if (!SecretSourceReader.Read(granted.Source, environment).TryGetValue(out var value, out var problem))
            {
                errors.Add(new(granted.Source.Location, ManifestErrorKind.InvalidValue, $"secret '{granted.Name}': {problem}"));
                continue;
            }

            foreach (var use in declaration.Uses.OfType<SecretUse.Header>())
            {
                if (HeaderPolicy.CheckValue(use.Name, use.Apply(value)) is not null)
                {
                    errors.Add(new(granted.Source.Location, ManifestErrorKind.InvalidValue,
                        $"secret '{granted.Name}' (from {granted.Source}) cannot be sent in the header '{use.Name}': a header value is printable ASCII and tab only"));
                    break;
                }
            }

            if (errors.Count == before)
            {
                values[granted.Name] = new SecretValue(granted.Name, value);
            }
        }

        return errors.Count > 0
            ? Result<PluginSecrets, IReadOnlyList<ManifestError>>.Fail(errors.OrderBy(e => e.Location.Line).ThenBy(e => e.Location.Column).ToList())
            : Result<PluginSecrets, IReadOnlyList<ManifestError>>.Ok(new PluginSecrets(policy.Manifest, policy.Grant, values));
    }

    private static void CheckTargets(PluginPolicy policy, SecretDeclaration declaration, SecretGrant granted, List<ManifestError> errors)
    {
        foreach (var api in new[] { HostApi.WebSocket, HostApi.Request })
        {
            foreach (var target in granted.Targets(api))
            {
                var at = target.Location ?? granted.Location;
                if (!declaration.UsesApi(api))
                {
                    errors.Add(new(at, ManifestErrorKind.InvalidValue,
                        $"secret '{granted.Name}' is granted for {api.Name()}, but the manifest declares it only for {string.Join(" and ", declaration.Uses.Select(u => u.ToString()))}"));
                }
                else if (!policy.Manifest.Declared(api).Any(d => TargetCoverage.Of(target, d) == Coverage.Full))
                {
                    errors.Add(new(at, ManifestErrorKind.InvalidValue,
                        $"secret '{granted.Name}' may go to {target.Describe()}, but no declared [[{api.Name()}]] target of the manifest covers all of it"));
                }
                else if (!policy.Grant.Granted(api).Any(g => TargetCoverage.Of(target, g) == Coverage.Full))
                {
                    errors.Add(new(at, ManifestErrorKind.InvalidValue,
                        $"secret '{granted.Name}' may go to {target.Describe()}, but no [[plugin.{api.Name()}]] grant covers all of it; a secret goes only where the plugin may go"));
                }
            }
        }
    }

    private static string Declared(PluginManifest manifest) =>
        manifest.Secrets.Count == 0 ? "it declares none" : "it declares " + string.Join(", ", manifest.Secrets.Select(s => $"'{s.Name}'"));
}
