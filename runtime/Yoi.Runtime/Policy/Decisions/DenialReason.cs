namespace Yoi.Runtime.Policy;

/// <summary>The first reason a URL was refused, printed in kebab-case by the CLI and in logs.</summary>
public enum DenialReason
{
    InvalidUrl,
    /// <summary>The URL's scheme does not belong to the API (ws URL through request, ...), or no target's scheme matches.</summary>
    Scheme,
    /// <summary>No declared target names this host.</summary>
    NotDeclared,
    /// <summary>Declared, but no granted target names this host.</summary>
    NotGranted,
    /// <summary>A non-public address not named explicitly by the target that would otherwise match.</summary>
    PrivateAddress,
    Port,
    Path,
    Subprotocol,
    Method,
    /// <summary>DNS returned nothing to connect to.</summary>
    NoAddresses,
}

public static class DenialReasonCodes
{
    public static string Code(this DenialReason reason) => reason switch
    {
        DenialReason.InvalidUrl => "invalid-url",
        DenialReason.Scheme => "scheme",
        DenialReason.NotDeclared => "not-declared",
        DenialReason.NotGranted => "not-granted",
        DenialReason.PrivateAddress => "private-address",
        DenialReason.Port => "port",
        DenialReason.Path => "path",
        DenialReason.Subprotocol => "subprotocol",
        DenialReason.Method => "method",
        DenialReason.NoAddresses => "no-addresses",
        _ => reason.ToString(),
    };
}
