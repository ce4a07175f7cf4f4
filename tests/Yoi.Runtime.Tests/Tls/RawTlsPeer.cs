using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;

namespace Yoi.Runtime.Tests.Tls;

/// <summary>
/// A TLS server Kestrel will not play (it refuses to serve a certificate not meant for server
/// authentication): a raw listener on 127.0.0.1 that runs one server handshake with the given
/// certificate and then hangs up.
/// </summary>
internal sealed class RawTlsPeer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Task _served;

    public RawTlsPeer(X509Certificate2 certificate)
    {
        _listener.Start(1);
        _served = ServeAsync(certificate);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    private async Task ServeAsync(X509Certificate2 certificate)
    {
        using var client = await _listener.AcceptTcpClientAsync();
        await using var tls = new SslStream(client.GetStream());
        try
        {
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate });
        }
        catch (Exception error) when (error is AuthenticationException or IOException)
        {
            // The client refusing the certificate is the expected end.
        }
    }

    public void Dispose() => _listener.Stop();
}
