using Yoi.Host.Request;
using Yoi.Runtime.Requests;
using Yoi.Runtime.Services;
using Yoi.Wit.Bindings;
using WitError = Yoi.Host.Types.HostError;

namespace Yoi.Runtime.HostApis;

/// <summary>
/// The host side of <c>yoi:host/request@1.0.0</c> for one plugin instance: the generated
/// <see cref="IRequestHost"/> over an <see cref="HttpRequestSender"/> bound to that instance's policy.
/// Denials, bounds, timeouts and peer failures are <c>err</c> values; only a host bug traps.
/// </summary>
public sealed class RequestApi : IRequestHost
{
    private readonly HttpRequestSender _sender;
    private readonly CancellationToken _stopping;
    private readonly TimeSpan _backstopMargin;

    /// <param name="stopping">Cancelled when the instance stops; a request in flight then ends with <c>io</c>.</param>
    public RequestApi(HttpRequestSender sender, CancellationToken stopping = default, TimeSpan? backstopMargin = null)
    {
        ArgumentNullException.ThrowIfNull(sender);
        _sender = sender;
        _stopping = stopping;
        _backstopMargin = backstopMargin ?? TimeSpan.FromSeconds(10);
    }

    public WitResult<HttpResponse, WitError> Send(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var outgoing = new PluginHttpRequest(request.Method, request.Url, WitHeaders.FromWit(request.Headers), request.Body);
        using var activity = RuntimeTelemetry.HostCall(_sender.Instance, "request", "send");
        Result<PluginHttpResponse, HostError> result;
        try
        {
            // Bounded by the sender's own whole-exchange timeout; the margin only catches a host bug.
            result = SyncBridge.Run(() => _sender.SendAsync(outgoing, _stopping), _sender.Limits.Timeout + _backstopMargin, "request send");
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            result = Result<PluginHttpResponse, HostError>.Fail(new HostError.Io("the plugin instance is stopping"));
        }
        catch (Exception bug) when (RuntimeTelemetry.Threw(activity, bug))
        {
            throw;
        }

        if (result.TryGetValue(out var response, out var error))
        {
            return WitResult<HttpResponse, WitError>.Ok(new HttpResponse(response.Status, response.Headers, response.Body, response.Truncated));
        }

        RuntimeTelemetry.Failed(activity, error);
        return WitResult<HttpResponse, WitError>.Err(HostErrorMapping.ToWit(error, _sender.Secrets));
    }
}
