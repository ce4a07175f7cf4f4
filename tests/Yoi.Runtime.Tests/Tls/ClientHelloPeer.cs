using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Yoi.Runtime.Tests.Tls;

/// <summary>
/// A raw TCP listener on 127.0.0.1 playing a server stuck on TLS 1.1 (which Kestrel on this platform
/// will not serve): it reads one ClientHello, records the protocol versions the client offered and the
/// server name it sent (SNI), and answers with a ServerHello choosing TLS 1.1. Serves one connection.
/// </summary>
internal sealed class ClientHelloPeer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Task<ClientHello> _served;

    public ClientHelloPeer()
    {
        _listener.Start(1);
        _served = ServeAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>What the client sent, once it has been read.</summary>
    public async Task<ClientHello> HelloAsync() => await _served.WaitAsync(TimeSpan.FromSeconds(10));

    private async Task<ClientHello> ServeAsync()
    {
        using var client = await _listener.AcceptTcpClientAsync();
        var stream = client.GetStream();
        var hello = await ReadHandshakeMessageAsync(stream);
        var offered = Parse(hello);

        // ServerHello: version 3.2, a random, no session id, TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA, no compression.
        byte[] body = [0x03, 0x02, .. new byte[32], 0x00, 0xc0, 0x13, 0x00];
        byte[] handshake = [0x02, 0x00, 0x00, (byte)body.Length, .. body];
        byte[] record = [0x16, 0x03, 0x02, 0x00, (byte)handshake.Length, .. handshake];
        await stream.WriteAsync(record);
        var rest = new byte[256];
        while (await stream.ReadAsync(rest) > 0)
        {
            // Drain the client's alert until it hangs up.
        }

        return offered;
    }

    /// <summary>Reads handshake records until the first handshake message (the ClientHello) is complete.</summary>
    private static async Task<byte[]> ReadHandshakeMessageAsync(NetworkStream stream)
    {
        var message = new List<byte>();
        var header = new byte[5];
        while (message.Count < 4 || message.Count < 4 + (message[1] << 16 | message[2] << 8 | message[3]))
        {
            await stream.ReadExactlyAsync(header);
            Assert.Equal(0x16, header[0]);
            var fragment = new byte[BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(3))];
            await stream.ReadExactlyAsync(fragment);
            message.AddRange(fragment);
        }

        Assert.Equal(1, message[0]);
        return [.. message];
    }

    private static ClientHello Parse(byte[] hello)
    {
        var span = hello.AsSpan(4);
        var legacyVersion = BinaryPrimitives.ReadUInt16BigEndian(span);
        List<ushort> versions = [];
        string? serverName = null;
        var at = 2 + 32;
        at += 1 + span[at];
        at += 2 + BinaryPrimitives.ReadUInt16BigEndian(span[at..]);
        at += 1 + span[at];
        var end = at + 2 + BinaryPrimitives.ReadUInt16BigEndian(span[at..]);
        at += 2;
        while (at < end)
        {
            var type = BinaryPrimitives.ReadUInt16BigEndian(span[at..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(span[(at + 2)..]);
            if (type == 0x0000)
            {
                // server_name: list length (2), name type (1, 0 = host name), name length (2), name.
                var nameLength = BinaryPrimitives.ReadUInt16BigEndian(span[(at + 4 + 3)..]);
                serverName = System.Text.Encoding.ASCII.GetString(span.Slice(at + 4 + 5, nameLength));
            }

            if (type == 0x002b)
            {
                var list = span.Slice(at + 4 + 1, span[at + 4]);
                for (var i = 0; i + 1 < list.Length; i += 2)
                {
                    versions.Add(BinaryPrimitives.ReadUInt16BigEndian(list[i..]));
                }
            }

            at += 4 + length;
        }

        return new ClientHello(legacyVersion, versions, serverName);
    }

    public void Dispose() => _listener.Stop();
}

/// <param name="LegacyVersion">The ClientHello's version field (0x0303 for TLS 1.2 and 1.3 clients).</param>
/// <param name="SupportedVersions">The supported_versions extension's entries.</param>
/// <param name="ServerName">The SNI host name, or null when none was sent.</param>
internal sealed record ClientHello(ushort LegacyVersion, IReadOnlyList<ushort> SupportedVersions, string? ServerName);
