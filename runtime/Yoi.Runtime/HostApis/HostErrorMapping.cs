using Yoi.Runtime.Secrets;
using WitError = Yoi.Host.Types.HostError;

namespace Yoi.Runtime.HostApis;

/// <summary>Maps the runtime's <see cref="HostError"/> to the generated <c>yoi:host/types.host-error</c>; shared by every host API.</summary>
public static class HostErrorMapping
{
    /// <summary>
    /// The runtime's error to the generated WIT variant, case for case, with any secret value the
    /// text might hold replaced by <c>&lt;secret:NAME&gt;</c>: the last guard before guest memory.
    /// </summary>
    public static WitError ToWit(HostError error, PluginSecrets secrets) => ToWit(secrets.Redact(error));

    /// <summary>The runtime's error to the generated WIT variant, case for case.</summary>
    public static WitError ToWit(HostError error) => error switch
    {
        HostError.Denied d => new WitError.Denied(d.Message),
        HostError.Limit l => new WitError.Limit(l.Message),
        HostError.InvalidHandle => new WitError.InvalidHandle(),
        HostError.Timeout => new WitError.Timeout(),
        HostError.Io io => new WitError.Io(io.Message),
        HostError.InvalidArgument a => new WitError.InvalidArgument(a.Message),
        _ => throw new HostBugException($"unmapped host error {error}"),
    };
}
