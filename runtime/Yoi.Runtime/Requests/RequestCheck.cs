using Yoi.Runtime.Policy;
using Yoi.Runtime.Secrets;

namespace Yoi.Runtime.Requests;

/// <summary>Why a send failed: the error for the plugin and a short reason tag for logs.</summary>
internal sealed record RequestFailure(HostError Error, string Reason);

/// <summary>A request that passed every check: the decision, and the headers to write (secrets filled in).</summary>
internal sealed record CheckedRequest(PolicyDecision Decision, IReadOnlyList<(string Name, string Value)> Headers);

/// <summary>
/// Everything about a request that can be decided without the network, in this order: the method
/// token and the URL syntax (<c>invalid-argument</c>), a ws/wss URL (<c>denied</c>), the header count
/// and size (<c>limit</c>), the persistent-connection headers (<c>denied</c>, each with its own text),
/// <see cref="PluginHeaderCheck"/> (<c>denied</c> for protocol-owned names and plain credential
/// values, <c>invalid-argument</c> for malformed ones), the body size (<c>limit</c>), the
/// declared-AND-granted decision (<c>denied</c>), then each secret header (<c>denied</c> naming the
/// secret) and the header bytes again with the secrets' values in.
/// </summary>
internal static class RequestCheck
{
    public static Result<CheckedRequest, RequestFailure> Check(PluginHttpRequest request, IRequestPolicy policy, RequestLimits limits)
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

        // Secret values are not known yet: count what the plugin gave, and check again once they are in.
        var plainBytes = request.Headers.Sum(h => RequestLimits.HeaderLineBytes(h.Name, h.DisplayValue));
        if (HeaderBytesFailure(plainBytes, limits) is { } tooLarge)
        {
            return tooLarge;
        }

        foreach (var header in request.Headers)
        {
            if (header.Value is HeaderValue.Plain plain && PersistentConnectionForms.CheckHeader(header.Name, plain.Text) is { } refusal)
            {
                return Fail(new HostError.Denied(refusal.Message), refusal.Reason);
            }
        }

        if (PluginHeaderCheck.FirstRefusal(request.Headers) is { } headerRefusal)
        {
            var refusal = headerRefusal;
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
            if (!policy.Secrets.ResolveHeaders(HostApi.Request, request.Headers, decision).TryGetValue(out var headers, out var denial))
            {
                return Fail(new HostError.Denied(denial), "secret");
            }

            return HeaderBytesFailure(headers.Sum(h => RequestLimits.HeaderLineBytes(h.Name, h.Value)), limits)
                ?? Result<CheckedRequest, RequestFailure>.Ok(new CheckedRequest(decision, headers));
        }

        var reason = decision.Reason ?? DenialReason.InvalidUrl;
        return reason == DenialReason.InvalidUrl
            ? Fail(new HostError.InvalidArgument(decision.Message), reason.Code())
            : Fail(new HostError.Denied(decision.DenialText), reason.Code());
    }

    private static Result<CheckedRequest, RequestFailure>? HeaderBytesFailure(long bytes, RequestLimits limits) =>
        bytes > limits.MaxRequestHeaderBytes
            ? Fail(new HostError.Limit($"{bytes} bytes of request headers; at most {limits.MaxRequestHeaderBytes} are allowed"), "limit-header-bytes")
            : null;

    private static Result<CheckedRequest, RequestFailure> Fail(HostError error, string reason) =>
        Result<CheckedRequest, RequestFailure>.Fail(new RequestFailure(error, reason));
}
