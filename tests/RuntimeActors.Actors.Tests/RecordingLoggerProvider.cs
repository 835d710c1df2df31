using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace RuntimeActors.Actors.Tests;

internal sealed record LogEntry(string Category, LogLevel Level, string Message, Exception? Exception);

/// <summary>Keeps every log entry and lets a test await the first one that matches.</summary>
internal sealed class RecordingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private readonly SemaphoreSlim _arrived = new(0);

    public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

    public async Task<LogEntry> FirstAsync(Func<LogEntry, bool> match, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        while (true)
        {
            var found = _entries.FirstOrDefault(match);
            if (found is not null)
            {
                return found;
            }

            try
            {
                await _arrived.WaitAsync(cancellation.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No matching log entry within {timeout}; got: {string.Join(" | ", _entries.Select(e => e.Message))}");
            }
        }
    }

    public void Dispose() => _arrived.Dispose();

    private sealed class Recorder(RecordingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            owner._entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception), exception));
            owner._arrived.Release();
        }
    }
}
