namespace Yoi.Wit.Generator.Tests.Infrastructure;

/// <summary>
/// A small stand-in for Verify (which cannot be restored here): compares text with the committed
/// <c>Snapshots/NAME.verified.cs</c>. On a mismatch it writes <c>NAME.received.cs</c> next to it and
/// fails; with <c>YOI_ACCEPT_SNAPSHOTS=1</c> it overwrites the verified file instead.
/// </summary>
internal static class SnapshotAssert
{
    public static void Matches(string name, string actual)
    {
        var dir = Path.Combine(GeneratorHarness.ProjectDirectory(), "Snapshots");
        Directory.CreateDirectory(dir);
        var verified = Path.Combine(dir, name + ".verified.cs");
        var received = Path.Combine(dir, name + ".received.cs");
        actual = actual.Replace("\r\n", "\n");
        var accept = Environment.GetEnvironmentVariable("YOI_ACCEPT_SNAPSHOTS") == "1";
        var expected = File.Exists(verified) ? File.ReadAllText(verified).Replace("\r\n", "\n") : null;
        if (expected == actual)
        {
            if (File.Exists(received))
            {
                File.Delete(received);
            }

            return;
        }

        if (accept)
        {
            File.WriteAllText(verified, actual);
            if (File.Exists(received))
            {
                File.Delete(received);
            }

            return;
        }

        File.WriteAllText(received, actual);
        Assert.Fail(expected is null
            ? $"No snapshot {verified}. Wrote {received}; review it and rename it, or rerun with YOI_ACCEPT_SNAPSHOTS=1."
            : $"Snapshot {verified} differs (first difference at line {FirstDifference(expected, actual)}). Wrote {received}; diff them, then rerun with YOI_ACCEPT_SNAPSHOTS=1 to accept.");
    }

    private static int FirstDifference(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            if (a[i] != b[i])
            {
                return i + 1;
            }
        }

        return Math.Min(a.Length, b.Length) + 1;
    }
}
