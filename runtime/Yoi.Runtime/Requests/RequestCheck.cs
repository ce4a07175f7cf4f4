using Yoi.Runtime.Policy;

namespace Yoi.Runtime.Requests;

/// <summary>Why a send failed: the error for the plugin and a short reason tag for logs.</summary>
internal sealed record RequestFailure(HostError Error, string Reason);

/// <summary>
/// Everything about a request that can be decided without the network, in this order: the method
/// token and the URL syntax (<c>invalid-argument</c>), a ws/wss URL (<c>denied</c>), the header count
/// and size (<c>limit</c>), the persistent-connection headers (<c>denied</c>, each with its own text),
/// <see cref="HeaderPolicy"/> (<c>denied</c> for credential and protocol-owned names,
/// <c>invalid-argument</c> for malformed ones), the body size (<c>limit</c>), and finally the
/// declared-AND-granted decision (<c>denied</c>).
/// </summary>
internal static class RequestCheck
{
    public static Result<PolicyDecision, RequestFailure> Check(PluginHttpRequest request, IRequestPolicy policy, RequestLimits limits)
    {
        if (!HttpToken.IsValid(request.Method))
        {
            return Fail(new HostError.InvalidArgument($"'{request.Method}' is not a valid method token"), "invalid-method");
        }

        if (!CanonicalUrl.Parse(request.Url).TryGetValue(out var url, out var urlError))
        {
            return Fail(new HostError.InvalidArgument($"{urlError.Message} ({urlError.Code})"), "invalid-url");
        }

        if (PersistentConnectionForms.CheckScheme(url.Scheme) is { } schemeRefusal)
        {
            return Fail(new HostError.Denied(schemeRefusal.Message), schemeRefusal.Reason);
        }

        if (request.Headers.Count > limits.MaxRequestHeaders)
        {
            return Fail(new HostError.Limit($"{request.Headers.Count} request headers; at most {limits.MaxRequestHeaders} are allowed"), "limit-headers");
        }

        var headerBytes = request.Headers.Sum(h => RequestLimits.HeaderLineBytes(h.Name, h.Value));
        if (headerBytes > limits.MaxRequestHeaderBytes)
        {
            return Fail(new HostError.Limit($"{headerBytes} bytes of request headers; at most {limits.MaxRequestHeaderBytes} are allowed"), "limit-header-bytes");
        }

        foreach (var (name, value) in request.Headers)
        {
            if (PersistentConnectionForms.CheckHeader(name, value) is { } refusal)
            {
                return Fail(new HostError.Denied(refusal.Message), refusal.Reason);
            }
        }

        foreach (var refusal in HeaderPolicy.CheckAll(request.Headers))
        {
            return refusal.Reason is HeaderRefusalReason.InvalidName or HeaderRefusalReason.InvalidValue
                ? Fail(new HostError.InvalidArgument(refusal.Message), "invalid-header")
                : Fail(new HostError.Denied(refusal.Message), refusal.Reason == HeaderRefusalReason.Credential ? "credential-header" : "protocol-header");
        }

        if (request.Body is { Length: var length } && length > limits.MaxRequestBodyBytes)
        {
            return Fail(new HostError.Limit($"a request body of {length} bytes; at most {limits.MaxRequestBodyBytes} are allowed"), "limit-body");
        }

        var decision = policy.DecideRequest(request.Url, request.Method);
        if (decision.IsAllowed)
        {
            return Result<PolicyDecision, RequestFailure>.Ok(decision);
        }

        var reason = decision.Reason ?? DenialReason.InvalidUrl;
        return reason == DenialReason.InvalidUrl
            ? Fail(new HostError.InvalidArgument(decision.Message), reason.Code())
            : Fail(new HostError.Denied(decision.DenialText), reason.Code());
    }

    private static Result<PolicyDecision, RequestFailure> Fail(HostError error, string reason) =>
        Result<PolicyDecision, RequestFailure>.Fail(new RequestFailure(error, reason));
}
