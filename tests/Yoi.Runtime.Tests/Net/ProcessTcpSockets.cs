using System.Globalization;

namespace Yoi.Runtime.Tests.Net;

/// <summary>One IPv4 TCP socket of this process, as <c>/proc/net/tcp</c> shows it.</summary>
internal sealed record TcpSocketRow(int LocalPort, int RemotePort, string State, int AcceptQueue)
{
    public const string Established = "01";
    public const string SynSent = "02";
    public const string Listen = "0A";
}

/// <summary>
/// The IPv4 TCP sockets this process holds: the rows of <c>/proc/net/tcp</c> whose inode is one of this
/// process's open file descriptors. It shows what no .NET API does: a connect the kernel still has
/// pending (<c>SYN_SENT</c>), and how full a listener's accept queue is.
/// </summary>
internal static class ProcessTcpSockets
{
    private const string Loopback = "0100007F";

    public static IReadOnlyList<TcpSocketRow> All()
    {
        var inodes = OwnSocketInodes();
        var rows = new List<TcpSocketRow>();
        foreach (var line in File.ReadLines("/proc/net/tcp").Skip(1))
        {
            // sl local rem st tx:rx tr:when retrnsmt uid timeout inode ...
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (!inodes.Contains(fields[9]))
            {
                continue;
            }

            var remote = fields[2].Split(':');
            var remotePort = remote[0] == Loopback || fields[3] == TcpSocketRow.Listen ? Hex(remote[1]) : -1;
            rows.Add(new TcpSocketRow(Hex(fields[1].Split(':')[1]), remotePort, fields[3], Hex(fields[4].Split(':')[1])));
        }

        return rows;
    }

    /// <summary>This process's sockets connecting or connected to 127.0.0.1:<paramref name="port"/>, but for <paramref name="except"/> (local ports).</summary>
    public static IReadOnlyList<TcpSocketRow> To(int port, IReadOnlySet<int> except) =>
        [.. All().Where(row => row.State != TcpSocketRow.Listen && row.RemotePort == port && !except.Contains(row.LocalPort))];

    private static HashSet<string> OwnSocketInodes()
    {
        var inodes = new HashSet<string>();
        foreach (var fd in Directory.EnumerateFiles("/proc/self/fd"))
        {
            try
            {
                // "socket:[12345]"
                if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal))
                {
                    inodes.Add(target[8..^1]);
                }
            }
            catch (IOException)
            {
                // The descriptor closed while we looked.
            }
        }

        return inodes;
    }

    private static int Hex(string text) => int.Parse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
}
