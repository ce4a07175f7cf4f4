using Microsoft.Extensions.Logging;

namespace Yoi.Cli.Output;

/// <summary>
/// A logger that writes one line per entry to a <see cref="TextWriter"/> (the CLI's stderr), so tests can capture it.
/// Entries quote plugin-chosen text (URLs, subprotocols), so each is escaped (<see cref="TerminalText"/>).
/// </summary>
public sealed class TextWriterLoggerProvider(TextWriter writer) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new TextWriterLogger(writer, categoryName);

    public void Dispose()
    {
    }

    private sealed class TextWriterLogger(TextWriter writer, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var shortCategory = category[(category.LastIndexOf('.') + 1)..];
            lock (writer)
            {
                writer.WriteEscapedLine($"{logLevel.ToString().ToLowerInvariant()}: {shortCategory}: {formatter(state, exception)}");
            }
        }
    }
}
