using Yoi.Host.Request;
using Yoi.Wit.Bindings;
using WitError = Yoi.Host.Types.HostError;

namespace Yoi.Runtime.HostApis;

/// <summary>
/// <c>yoi:host/request@1.0.0</c> for a host that does not offer one-shot HTTP requests: every call is
/// <c>denied</c> (a value, not a trap), so a plugin built against the whole <c>plugin</c> world still
/// instantiates and learns the API is unavailable the ordinary way.
/// </summary>
public sealed class UnavailableRequestApi : IRequestHost
{
    public static UnavailableRequestApi Instance { get; } = new();

    public WitResult<HttpResponse, WitError> Send(HttpRequest request) =>
        WitResult<HttpResponse, WitError>.Err(new WitError.Denied("the request API is not available in this host"));
}
