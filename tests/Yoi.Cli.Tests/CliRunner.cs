namespace Yoi.Cli.Tests;

/// <summary>Runs the yoi command tree in-process and captures what it printed.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static CliRun Of(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exitCode = YoiApp.Run(args, output, error);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }
}

/// <summary>The yoi command tree running in-process on a pool thread, stopped by a token the test holds.</summary>
internal sealed class BackgroundCliRun : IDisposable
{
    private readonly CancellationTokenSource _stop = new();

    private BackgroundCliRun(string[] args)
    {
        Exit = Task.Run(() => YoiApp.Run(args, Output, Error, _stop.Token));
    }

    public WatchedWriter Output { get; } = new();

    public WatchedWriter Error { get; } = new();

    /// <summary>The exit code, once the command has returned.</summary>
    public Task<int> Exit { get; }

    public static BackgroundCliRun Start(params string[] args) => new(args);

    /// <summary>
    /// Waits until the output contains <paramref name="wanted"/>, or the command has ended (then the
    /// assertion fails with what it printed), bounded so a broken command cannot hang the test run.
    /// </summary>
    public async Task WaitForOutput(string wanted)
    {
        await Task.WhenAny(Output.WaitFor(wanted), Exit).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(Output.ToString().Contains(wanted, StringComparison.Ordinal), $"'{wanted}' not printed:\n{Output}{Error}");
    }

    /// <summary>Asks the command to stop, as Ctrl-C does, and returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        await _stop.CancelAsync();
        return await Exit.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Stops a command the test left running, and waits for it: nothing outlives its test.</summary>
    public void Dispose()
    {
        _stop.Cancel();
        Exit.Wait(TimeSpan.FromSeconds(30));
        _stop.Dispose();
    }
}

/// <summary>A temporary folder, deleted when the test ends.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "yoi-cli-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Write(string relativePath, string text)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return full;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail a test.
        }
    }
}

internal static class RepositoryRoot
{
    /// <summary>The checkout's root, found by walking up to the solution file.</summary>
    public static string Find()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "Yoi.Wit.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Yoi.Wit.sln not found above " + AppContext.BaseDirectory);
    }
}
