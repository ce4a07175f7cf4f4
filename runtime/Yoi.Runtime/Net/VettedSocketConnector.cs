using System.Net;
using System.Net.Sockets;
using Yoi.Runtime.Policy;

namespace Yoi.Runtime.Net;

/// <summary>
/// The <see cref="SocketsHttpHandler.ConnectCallback"/> body for one connection (a websocket open or a
/// one-shot request): resolves the canonical host once through the resolver seam, applies
/// <see cref="PolicyEngine.CheckResolvedAddresses"/> to every address, and connects a socket only to the vetted addresses on the canonical port. Whatever host
/// the HTTP stack passes in is ignored: the canonical URL the policy allowed is the only input.
/// </summary>
internal sealed class VettedSocketConnector(PolicyDecision decision, IHostResolver resolver)
{
    /// <summary>Set when the resolved addresses were refused, so the failure surfaces as <c>denied</c>.</summary>
    public AddressDecision? Refusal { get; private set; }

    /// <summary>The addresses that passed the check (empty until the callback ran).</summary>
    public IReadOnlyList<IPAddress> Vetted { get; private set; } = [];

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var url = decision.Access!.Url;
        IReadOnlyList<IPAddress> resolved = url.Host switch
        {
            IpHost ip => [ip.Address],
            DnsHost dns => await resolver.ResolveAsync(dns.Name, cancellationToken).ConfigureAwait(false),
            _ => [],
        };

        var verdict = PolicyEngine.CheckResolvedAddresses(decision, resolved);
        if (!verdict.IsAllowed)
        {
            Refusal = verdict;
            throw new AddressRefusedException(verdict.Message);
        }

        Vetted = verdict.Addresses;
        Exception? last = null;
        foreach (var address in verdict.Addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, url.Port), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (Exception error) when (error is SocketException or OperationCanceledException)
            {
                socket.Dispose();
                last = error;
                if (error is OperationCanceledException)
                {
                    throw;
                }
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }
}

/// <summary>Thrown inside the connect callback only; the connector turns it into <c>denied</c>.</summary>
internal sealed class AddressRefusedException(string message) : IOException(message);
