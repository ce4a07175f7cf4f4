using System.Net;

namespace Yoi.Runtime.Net;

/// <summary>
/// The one place that says how a plugin's HTTP traffic leaves the host: a <see cref="SocketsHttpHandler"/>
/// for exactly one vetted connection, with no ambient authority (no redirects, proxy, cookies or
/// credentials), no decompression, and no pooling. The websocket pool and the request API both use it.
/// TLS (wss, https) follows the host's <see cref="TlsOptions"/> through a <see cref="ServerCertificateCheck"/>: TLS 1.2+,
/// the chain, host-name and pin checks bound to the canonical host.
/// </summary>
internal static class LockedDownHandler
{
    /// <param name="maxResponseHeadersKiB">The stack's own header bound, in KiB (status line included).</param>
    public static SocketsHttpHandler Create(VettedSocketConnector connector, ServerCertificateCheck tls, TimeSpan connectTimeout, int maxResponseHeadersKiB) => new()
    {
        AllowAutoRedirect = false,
        UseProxy = false,
        Proxy = null,
        UseCookies = false,
        Credentials = null,
        PreAuthenticate = false,
        DefaultProxyCredentials = null,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = connectTimeout,
        MaxResponseHeadersLength = maxResponseHeadersKiB,
        MaxConnectionsPerServer = 1,
        PooledConnectionLifetime = TimeSpan.Zero,
        PooledConnectionIdleTimeout = TimeSpan.Zero,
        MaxResponseDrainSize = 0,
        ResponseDrainTimeout = TimeSpan.Zero,
        ConnectCallback = connector.ConnectAsync,
        SslOptions = tls.ClientOptions(),
    };
}
