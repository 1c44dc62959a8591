using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace StudentHub.Tests.Infrastructure;

/// <summary>A log that keeps what is written at <paramref name="minimum"/> or above, for tests that assert on it.</summary>
public sealed class LogCollector(LogLevel minimum = LogLevel.Trace) : ILoggerProvider
{
    private readonly ConcurrentQueue<LoggedEntry> _entries = new();

    private LogLevel Minimum { get; } = minimum;

    public IReadOnlyCollection<LoggedEntry> Entries => _entries;

    public ILogger CreateLogger(string categoryName) => new Category(this, categoryName);

    public void Dispose()
    {
    }

    public sealed record LoggedEntry(LogLevel Level, string Category, string Message, Exception? Exception);

    private sealed class Category(LogCollector log, string name) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= log.Minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                log._entries.Enqueue(new LoggedEntry(logLevel, name, formatter(state, exception), exception));
        }
    }
}
