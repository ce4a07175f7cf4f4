using System.Net;
using System.Net.WebSockets;
using Yoi.Runtime.Policy;

namespace Yoi.Runtime.WebSockets;

/// <summary>Why an open failed: the error for the plugin and a short reason tag for metrics and logs.</summary>
internal sealed record ConnectFailure(HostError Error, string Reason);

/// <summary>An upgraded connection plus the invoker that must live (and be disposed) with it.</summary>
internal sealed record ConnectedWebSocket(ClientWebSocket Socket, HttpMessageInvoker Invoker, CanonicalUrl Url, IReadOnlyList<IPAddress> Addresses)
{
    public string? Subprotocol => Socket.SubProtocol;
}

/// <summary>
/// Opens one client WebSocket the way the policy requires: headers checked by <see cref="HeaderPolicy"/>,
/// subprotocols offered only when the policy allowed them, the canonical URL sent, and a
/// <see cref="SocketsHttpHandler"/> with no redirects, no proxy, no cookies, no credentials, and a
/// connect callback that reaches only vetted addresses. Any answer other than 101 fails the open; a
/// 3xx is a refusal, never followed. A 101 naming an extension fails it too (RFC 6455 §4.1: the client
/// offers none, and <see cref="ClientWebSocket"/> would silently ignore one it did not ask for), and a
/// header section over <see cref="MaxUpgradeHeaderKiB"/> is <c>limit</c>.
/// </summary>
internal sealed class WebSocketConnector(WebSocketLimits limits, IHostResolver resolver, TimeProvider time, TlsTrust tlsTrust)
{
    /// <summary>The upgrade response's header bound (status line included), enforced by the HTTP stack.</summary>
    public const int MaxUpgradeHeaderKiB = 16;

    /// <param name="headers">The checked headers to write, secrets already filled in.</param>
    public async Task<Result<ConnectedWebSocket, ConnectFailure>> ConnectAsync(
        OpenRequest request, PolicyDecision decision, IReadOnlyList<(string Name, string Value)> headers, CancellationToken cancellationToken)
    {
        var url = decision.Access!.Url;
        using var timeout = new CancellationTokenSource(limits.ConnectTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        var connector = new VettedSocketConnector(decision, resolver, linked.Token);
        var tls = tlsTrust.ForConnection(url);
        var handler = LockedDownHandler.Create(connector, tls, limits.ConnectTimeout, maxResponseHeadersKiB: MaxUpgradeHeaderKiB);
        var invoker = new HttpMessageInvoker(handler, disposeHandler: true);
        var socket = new ClientWebSocket();
        socket.Options.HttpVersion = HttpVersion.Version11;
        socket.Options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        socket.Options.CollectHttpResponseDetails = true;
        foreach (var (name, value) in headers)
        {
            socket.Options.SetRequestHeader(name, value);
        }

        foreach (var subprotocol in request.Subprotocols)
        {
            socket.Options.AddSubProtocol(subprotocol);
        }

        try
        {
            await socket.ConnectAsync(new Uri(url.ToString()), invoker, linked.Token).ConfigureAwait(false);
            if (UnofferedExtension(socket) is { } extension)
            {
                socket.Abort();
                socket.Dispose();
                invoker.Dispose();
                connector.Abandon();
                return Result<ConnectedWebSocket, ConnectFailure>.Fail(new ConnectFailure(new HostError.Io(
                    $"the server answered the upgrade with an extension the client did not offer ({extension}); the connection was failed"), "extension"));
            }

            socket.HttpResponseHeaders = null;
            return Result<ConnectedWebSocket, ConnectFailure>.Ok(new ConnectedWebSocket(socket, invoker, url, connector.Vetted));
        }
        catch (Exception error) when (error is WebSocketException or HttpRequestException or IOException or OperationCanceledException)
        {
            var status = socket.HttpStatusCode;
            socket.Dispose();
            invoker.Dispose();
            connector.Abandon();
            return Result<ConnectedWebSocket, ConnectFailure>.Fail(Classify(error, status, connector, tls, timeout, cancellationToken));
        }
    }

    /// <summary>The extensions the 101 named, if any: the client offers none, so any is a failure.</summary>
    private static string? UnofferedExtension(ClientWebSocket socket)
    {
        var named = (socket.HttpResponseHeaders ?? new Dictionary<string, IEnumerable<string>>())
            .Where(header => header.Key.Equals("Sec-WebSocket-Extensions", StringComparison.OrdinalIgnoreCase))
            .SelectMany(header => header.Value)
            .Where(value => !string.IsNullOrWhiteSpace(value))
            .ToList();
        return named.Count == 0 ? null : string.Join(", ", named);
    }

    private ConnectFailure Classify(Exception error, HttpStatusCode status, VettedSocketConnector connector, ServerCertificateCheck tls, CancellationTokenSource timeout, CancellationToken caller)
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

        if (!caller.IsCancellationRequested && ((error is OperationCanceledException && timeout.IsCancellationRequested) || connector.EndedByStackTimeout))
        {
            return new(HostError.TimeoutError, "timeout");
        }

        if (caller.IsCancellationRequested)
        {
            return new(new HostError.Io("the open was cancelled"), "cancelled");
        }

        if (Causes(error).Any(cause => cause is HttpRequestException { HttpRequestError: HttpRequestError.ConfigurationLimitExceeded }))
        {
            return new(new HostError.Limit($"the upgrade response headers exceed {MaxUpgradeHeaderKiB} KiB"), "limit-response-headers");
        }

        var code = (int)status;
        if (code is >= 300 and < 400)
        {
            return new(new HostError.Denied($"the server answered the upgrade with a redirect ({code}); redirects are never followed"), "redirect");
        }

        if (code != 0 && code != 101)
        {
            return new(new HostError.Io($"the server refused the upgrade with status {code}"), "upgrade-refused");
        }

        return new(new HostError.Io(Describe(error)), "io");
    }

    private static string Describe(Exception error) => string.Join(": ", Causes(error).Select(cause => cause.Message).Distinct());

    private static IEnumerable<Exception> Causes(Exception error)
    {
        for (var current = error; current is not null; current = current.InnerException)
        {
            yield return current;
        }
    }
}
