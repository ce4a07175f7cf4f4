using Yoi.Runtime.Secrets;

namespace Yoi.Runtime.Policy;

/// <summary>
/// <see cref="HeaderPolicy"/> over the headers a plugin gives: a plain value is checked as a plain
/// header (so credential names are refused), a secret reference only by its name (credential names
/// are what secrets are for; protocol-owned names stay refused). Whether the secret may go there is
/// <see cref="SecretRules"/>' decision, made once the URL is allowed.
/// </summary>
public static class PluginHeaderCheck
{
    /// <summary>The first refusal, in order, or null.</summary>
    public static HeaderRefusal? FirstRefusal(IEnumerable<PluginHeader> headers) =>
        headers.Select(header => header.Value switch
        {
            HeaderValue.Plain plain => HeaderPolicy.Check(header.Name, plain.Text),
            HeaderValue.Secret => HeaderPolicy.CheckSecretName(header.Name),
            _ => null,
        }).FirstOrDefault(refusal => refusal is not null);
}
