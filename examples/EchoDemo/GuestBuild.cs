using System.Diagnostics;

namespace Yoi.Examples.EchoDemo;

/// <summary>Runs <c>examples/build.sh</c>, which installs the pinned npm toolchain and builds a guest when its inputs changed.</summary>
internal static class GuestBuild
{
    public static async Task<bool> RunAsync(string examplesDirectory, string plugin, TextWriter output)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(examplesDirectory, "build.sh"), plugin])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start bash");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode == 0)
        {
            return true;
        }

        output.WriteLine(await stdout);
        Console.Error.WriteLine(await stderr);
        Console.Error.WriteLine($"examples/build.sh failed with exit code {process.ExitCode}");
        return false;
    }
}
