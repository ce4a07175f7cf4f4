using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Yoi.Runtime.Policy;

namespace Yoi.Runtime.Requests;

/// <summary>
/// <c>request.send</c> for one plugin instance: checks every call with <see cref="RequestCheck"/>
/// (declared AND granted, persistent-connection forms, headers, bounds), then makes exactly one
/// HTTP/1.1 exchange to the canonical URL over a fresh connection to the vetted addresses only.
/// <list type="bullet">
/// <item>No redirects (a 3xx is returned as it is), no proxy, no cookies, no credentials, no
/// automatic decompression (so the body bound counts the bytes the server sent), no connection
/// reuse (a handler per call, <c>Connection: close</c>).</item>
/// <item>One timeout covers resolve, connect, TLS, the request, the response headers and the body.</item>
/// <item>The response body is read up to its bound plus one byte; a longer one is cut off and
/// <c>truncated</c> is set. Response headers over their count or byte bound are <c>limit</c>.</item>
/// </list>
/// Every failure is a <see cref="HostError"/> value; the method throws only on host bugs.
/// </summary>
public sealed class HttpRequestSender
{
    private readonly IRequestPolicy _policy;
    private readonly string _instance;
    private readonly IHostResolver _resolver;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly TlsTrust _tls;

    /// <param name="policy">The instance's declared-AND-granted decision, asked on every call.</param>
    /// <param name="instance">The plugin instance's name, for logs.</param>
    /// <param name="tls">How https servers are checked; the system trust store by default.</param>
    public HttpRequestSender(
        IRequestPolicy policy,
        string instance,
        RequestLimits? limits = null,
        IHostResolver? resolver = null,
        ILogger? logger = null,
        TimeProvider? time = null,
        TlsOptions? tls = null)
    {
        Limits = limits ?? RequestLimits.Default;
        if (Limits.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(limits));
        }

        if (!TlsTrust.Create(tls ?? TlsOptions.Default).TryGetValue(out var tlsTrust, out var tlsProblem))
        {
            throw new ArgumentException(tlsProblem, nameof(tls));
        }

        _tls = tlsTrust;
        _policy = policy;
        _instance = instance;
        _resolver = resolver ?? DnsHostResolver.Instance;
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
    }

    public RequestLimits Limits { get; }

    /// <summary>The plugin instance's name, for logs and spans.</summary>
    public string Instance => _instance;

    /// <summary>The secrets the instance may name; what its errors are redacted with.</summary>
    public Secrets.PluginSecrets Secrets => _policy.Secrets;

    public async Task<Result<PluginHttpResponse, HostError>> SendAsync(PluginHttpRequest request, CancellationToken cancellationToken = default)
    {
        var check = RequestCheck.Check(request, _policy, Limits);
        if (!check.TryGetValue(out var checkedRequest, out var refusal))
        {
            return Refuse(refusal);
        }

        var decision = checkedRequest.Decision;

        RequestLog.Allowed(_logger, _instance, decision.Message);
        using var timeout = new CancellationTokenSource(Limits.Timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var connector = new VettedSocketConnector(decision, _resolver, linked.Token);
        var tls = _tls.ForConnection(decision.Access!.Url);
        using var invoker = new HttpMessageInvoker(CreateHandler(connector, tls), disposeHandler: true);
        var built = BuildMessage(request, checkedRequest.Headers, decision.Access!.Url);
        if (!built.TryGetValue(out var message, out var invalid))
        {
            return Refuse(invalid);
        }

        using (message)
        {
            try
            {
                using var response = await invoker.SendAsync(message, linked.Token).ConfigureAwait(false);
                var answer = await ReadResponseAsync(response, linked.Token).ConfigureAwait(false);
                if (!answer.TryGetValue(out var value, out var failure))
                {
                    return Refuse(failure);
                }

                RequestLog.Answered(_logger, _instance, decision.Access.Url.ToString(), string.Join(", ", connector.Vetted),
                    value.Status, value.Body.Length, value.Truncated ? ", truncated" : "");
                return Result<PluginHttpResponse, HostError>.Ok(value);
            }
            catch (Exception error) when (error is HttpRequestException or IOException or OperationCanceledException)
            {
                return Refuse(Classify(error, connector, tls, timeout, cancellationToken));
            }
            finally
            {
                // The whole answer has been read (or the call failed): no socket of this call stays open.
                connector.Abandon();
            }
        }
    }

    // The stack's own bound (in KiB, status line included) stops an endless header section early;
    // ResponseHeaderReader then applies the exact count and byte bounds.
    private SocketsHttpHandler CreateHandler(VettedSocketConnector connector, ServerCertificateCheck tls) =>
        LockedDownHandler.Create(connector, tls, Limits.Timeout, Limits.MaxResponseHeaderBytes / 1024 + 2);

    /// <summary>The canonical URL, the plugin's headers (content headers on the body), and <c>Connection: close</c>.</summary>
    private static Result<HttpRequestMessage, RequestFailure> BuildMessage(PluginHttpRequest request, IReadOnlyList<(string Name, string Value)> headers, CanonicalUrl url)
    {
        var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(url.ToString(), UriKind.Absolute))
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        message.Headers.ConnectionClose = true;
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
        }

        foreach (var (name, value) in headers)
        {
            if (message.Headers.TryAddWithoutValidation(name, value))
            {
                continue;
            }

            // Content-Type, Content-Encoding, ... belong on the content in .NET's model.
            if (message.Content is null || !message.Content.Headers.TryAddWithoutValidation(name, value))
            {
                var why = message.Content is null ? "describes a body, and the request has none" : "cannot be sent";
                message.Dispose();
                return Result<HttpRequestMessage, RequestFailure>.Fail(
                    new RequestFailure(new HostError.InvalidArgument($"the header '{name}' {why}"), "invalid-header"));
            }
        }

        return Result<HttpRequestMessage, RequestFailure>.Ok(message);
    }

    private async Task<Result<PluginHttpResponse, RequestFailure>> ReadResponseAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        if (status == 101)
        {
            return Result<PluginHttpResponse, RequestFailure>.Fail(new RequestFailure(
                new HostError.Io("the server answered 101 Switching Protocols to a request that did not ask to upgrade"), "switching-protocols"));
        }

        var headers = ResponseHeaderReader.Read(response, Limits);
        if (!headers.TryGetValue(out var list, out var tooMany))
        {
            return Result<PluginHttpResponse, RequestFailure>.Fail(new RequestFailure(tooMany, "limit-response-headers"));
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var (body, truncated) = await BoundedBodyReader.ReadAsync(stream, Limits.MaxResponseBodyBytes, cancellationToken).ConfigureAwait(false);
        return Result<PluginHttpResponse, RequestFailure>.Ok(new PluginHttpResponse((ushort)status, list, body, truncated));
    }

    private RequestFailure Classify(Exception error, VettedSocketConnector connector, ServerCertificateCheck tls, CancellationTokenSource timeout, CancellationToken caller)
    {
        if (connector.Refusal is { } refusal)
        {
            return new(new HostError.Denied(refusal.DenialText), refusal.Reason?.Code() ?? "address");
        }

        // A pin mismatch is denied, any other refused certificate or failed handshake io, each naming its cause.
        if (tls.Explain(error) is { } tlsFailure)
        {
            return new(tlsFailure.Error, tlsFailure.Reason);
        }

        if (!caller.IsCancellationRequested && (timeout.IsCancellationRequested || connector.EndedByStackTimeout))
        {
            return new(HostError.TimeoutError, "timeout");
        }

        if (caller.IsCancellationRequested)
        {
            return new(new HostError.Io("the request was cancelled"), "cancelled");
        }

        if (error is HttpRequestException { HttpRequestError: HttpRequestError.ConfigurationLimitExceeded })
        {
            return new(new HostError.Limit($"the response headers exceed {Limits.MaxResponseHeaderBytes} bytes"), "limit-response-headers");
        }

        return new(new HostError.Io(Describe(error)), "io");
    }

    private Result<PluginHttpResponse, HostError> Refuse(RequestFailure failure)
    {
        failure = failure with { Error = _policy.Secrets.Redact(failure.Error) };
        RequestLog.Failed(_logger, _instance, failure.Reason, failure.Error.ToString());
        return Result<PluginHttpResponse, HostError>.Fail(failure.Error);
    }

    private static string Describe(Exception error)
    {
        var messages = new List<string>();
        for (var current = error; current is not null; current = current.InnerException)
        {
            messages.Add(current.Message);
        }

        return string.Join(": ", messages.Distinct());
    }
}
