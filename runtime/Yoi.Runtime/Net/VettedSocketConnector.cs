using System.Net;
using System.Net.Sockets;
using Yoi.Runtime.Policy;

namespace Yoi.Runtime.Net;

/// <summary>
/// The <see cref="SocketsHttpHandler.ConnectCallback"/> body for one connection (a websocket open or a
/// one-shot request): resolves the canonical host once through the resolver seam, applies
/// <see cref="PolicyEngine.CheckResolvedAddresses"/> to every address, and connects a socket only to the vetted addresses on the canonical port. Whatever host
/// the HTTP stack passes in is ignored: the canonical URL the policy allowed is the only input.
/// <para>
/// The handler runs the callback under its own token, not the call's: a connect it started goes on after
/// the call gave up. So the call's own deadline and cancellation (<paramref name="call"/>) also stop the
/// callback, and <see cref="Abandon"/> closes every socket made here when the call returns without needing them.
/// </para>
/// </summary>
internal sealed class VettedSocketConnector(PolicyDecision decision, IHostResolver resolver, CancellationToken call)
{
    private readonly object _gate = new();
    private readonly List<Socket> _sockets = [];
    private bool _abandoned;

    /// <summary>Set when the resolved addresses were refused, so the failure surfaces as <c>denied</c>.</summary>
    public AddressDecision? Refusal { get; private set; }

    /// <summary>The addresses that passed the check (empty until the callback ran).</summary>
    public IReadOnlyList<IPAddress> Vetted { get; private set; } = [];

    /// <summary>
    /// True when the handler's own token ended the callback while the call's had not: its
    /// <see cref="SocketsHttpHandler.ConnectTimeout"/> (real time) fired first, which is a timeout too.
    /// </summary>
    public bool EndedByStackTimeout { get; private set; }

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        try
        {
            return await ConnectVettedAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested && !call.IsCancellationRequested)
        {
            EndedByStackTimeout = true;
            throw;
        }
    }

    private async ValueTask<Stream> ConnectVettedAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, call);
        var url = decision.Access!.Url;
        IReadOnlyList<IPAddress> resolved = url.Host switch
        {
            IpHost ip => [ip.Address],
            DnsHost dns => await resolver.ResolveAsync(dns.Name, linked.Token).ConfigureAwait(false),
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
            var socket = Track(new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true });
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, url.Port), linked.Token).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (Exception error) when (error is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                socket.Dispose();
                last = error;
                if (error is not SocketException)
                {
                    throw;
                }
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    /// <summary>
    /// Closes every socket made here, a connect still pending included, and refuses to make more: the
    /// call is over, so no socket may outlive it or reach the peer late. Safe to call more than once.
    /// </summary>
    public void Abandon()
    {
        Socket[] sockets;
        lock (_gate)
        {
            _abandoned = true;
            sockets = [.. _sockets];
        }

        foreach (var socket in sockets)
        {
            socket.Dispose();
        }
    }

    private Socket Track(Socket socket)
    {
        lock (_gate)
        {
            if (!_abandoned)
            {
                _sockets.Add(socket);
                return socket;
            }
        }

        socket.Dispose();
        throw new OperationCanceledException("the call that owned this connect is over");
    }
}

/// <summary>Thrown inside the connect callback only; the connector turns it into <c>denied</c>.</summary>
internal sealed class AddressRefusedException(string message) : IOException(message);
