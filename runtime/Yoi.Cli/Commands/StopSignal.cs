using System.Runtime.InteropServices;

namespace Yoi.Cli.Commands;

/// <summary>
/// What asks a long-running command (<c>plugin serve</c>) to stop. In the real process that is SIGINT
/// (Ctrl-C) or SIGTERM: the first one cancels <see cref="Token"/> and keeps the process alive for a clean
/// stop; a second one is left to terminate the process at once. In-process callers (tests) pass a token
/// of their own instead, and no signal handler is installed.
/// </summary>
internal sealed class StopSignal : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly List<PosixSignalRegistration> _registrations = [];

    private StopSignal(CancellationToken? external)
    {
        if (external is { } token)
        {
            _stop = CancellationTokenSource.CreateLinkedTokenSource(token);
            return;
        }

        _stop = new CancellationTokenSource();
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
        }
    }

    /// <summary>Cancelled when a stop is asked for.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>Listens for a stop: <paramref name="external"/> when given, the process's signals otherwise.</summary>
    public static StopSignal Listen(CancellationToken? external) => new(external);

    public void Dispose()
    {
        if (_registrations.Count == 0)
        {
            _stop.Dispose(); // linked to the caller's token: unregister from it
            return;
        }

        // A handler already running may still cancel _stop, so it is left undisposed (it holds no timer
        // or wait handle).
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (_stop.IsCancellationRequested)
        {
            return; // the second signal: the default action ends the process
        }

        context.Cancel = true;
        _stop.Cancel();
    }
}
