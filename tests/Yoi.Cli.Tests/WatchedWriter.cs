using System.Text;

namespace Yoi.Cli.Tests;

/// <summary>
/// A text writer a test can wait on while a command still runs on another thread: what was written
/// so far, and a task that completes once the text written contains a given string.
/// </summary>
internal sealed class WatchedWriter : TextWriter
{
    private readonly StringBuilder _text = new();
    private readonly List<(string Wanted, TaskCompletionSource Seen)> _waits = [];

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => Append(value.ToString());

    public override void Write(string? value) => Append(value ?? "");

    public override void Write(char[] buffer, int index, int count) => Append(new string(buffer, index, count));

    /// <summary>Completes when <paramref name="wanted"/> has been written (at once if it already was).</summary>
    public Task WaitFor(string wanted)
    {
        lock (_text)
        {
            if (_text.ToString().Contains(wanted, StringComparison.Ordinal))
            {
                return Task.CompletedTask;
            }

            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waits.Add((wanted, seen));
            return seen.Task;
        }
    }

    public override string ToString()
    {
        lock (_text)
        {
            return _text.ToString();
        }
    }

    private void Append(string value)
    {
        lock (_text)
        {
            _text.Append(value);
            var text = _text.ToString();
            foreach (var wait in _waits.Where(w => text.Contains(w.Wanted, StringComparison.Ordinal)).ToList())
            {
                _waits.Remove(wait);
                wait.Seen.TrySetResult();
            }
        }
    }
}
