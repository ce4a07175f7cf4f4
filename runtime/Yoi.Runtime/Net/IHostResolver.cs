using System.Net;

namespace Yoi.Runtime.Net;

/// <summary>
/// Resolves a DNS name once per connect. The connector checks every returned address against the
/// policy and connects only to those, so a test (or a host with its own DNS) can substitute this.
/// </summary>
public interface IHostResolver
{
    Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken);
}

/// <summary>The system resolver.</summary>
public sealed class DnsHostResolver : IHostResolver
{
    public static DnsHostResolver Instance { get; } = new();

    public async Task<IReadOnlyList<IPAddress>> ResolveAsync(string host, CancellationToken cancellationToken) =>
        await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
}
