using Yoi.Runtime.Policy;

namespace Yoi.Runtime.Secrets;

/// <summary>
/// A secret a manifest says the plugin needs (<c>[[secret]]</c>): a name, the purpose shown to the
/// user, and each way the plugin may use it. The plugin refers to it only by name.
/// </summary>
public sealed record SecretDeclaration(string Name, string Purpose, IReadOnlyList<SecretUse> Uses, SourceLocation Location)
{
    /// <summary>The declared header use of <paramref name="headerName"/> on <paramref name="api"/>, or null.</summary>
    public SecretUse.Header? HeaderUse(HostApi api, string headerName) =>
        Uses.OfType<SecretUse.Header>().FirstOrDefault(use => use.Api == api && string.Equals(use.Name, headerName, StringComparison.OrdinalIgnoreCase));

    public bool AllowsMessages => Uses.Any(use => use is SecretUse.Message);

    public bool UsesApi(HostApi api) => Uses.Any(use => use.Api == api);
}

/// <summary>One declared way of using a secret (<c>[[secret.use]]</c>).</summary>
public abstract record SecretUse(HostApi Api, SourceLocation Location)
{
    public const string ValueMarker = "{secret}";

    /// <summary>As the value of header <see cref="Name"/>, written through <see cref="Template"/> (e.g. <c>Bot {secret}</c>).</summary>
    public sealed record Header(HostApi Api, string Name, string Template, SourceLocation Location) : SecretUse(Api, Location)
    {
        public string Apply(string value) => Template.Replace(ValueMarker, value, StringComparison.Ordinal);

        public override string ToString() => $"{Api.Name()} header {Name}: {Template}";
    }

    /// <summary>Inside text messages the plugin sends on a WebSocket (<c>send-with-secrets</c>).</summary>
    public sealed record Message(SourceLocation Location) : SecretUse(HostApi.WebSocket, Location)
    {
        public override string ToString() => "websocket text messages";
    }
}
