using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace RuntimeActors.Hosting.Tests;

/// <summary>A log line as the host's logging pipeline delivered it.</summary>
public sealed record RecordedLog(string Category, LogLevel Level, string Message, Exception? Exception);

/// <summary>
/// Records every log line of the host, and lets a test await the first line that matches, so that a test waits for a
/// log event instead of sleeping.
/// </summary>
public sealed class RecordingLoggerProvider(ITestOutputHelper? output = null) : ILoggerProvider
{
    private readonly Lock _lock = new();
    private readonly List<RecordedLog> _records = [];
    private readonly List<(Func<RecordedLog, bool> Match, TaskCompletionSource<RecordedLog> Found)> _waiters = [];

    public IReadOnlyList<RecordedLog> Records
    {
        get
        {
            lock (_lock)
            {
                return [.. _records];
            }
        }
    }

    public ILogger CreateLogger(string categoryName) => new RecordingLogger(this, categoryName);

    public async Task<RecordedLog> WaitForAsync(Func<RecordedLog, bool> match, TimeSpan timeout)
    {
        var found = new TaskCompletionSource<RecordedLog>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_records.FirstOrDefault(match) is { } record)
            {
                return record;
            }

            _waiters.Add((match, found));
        }

        try
        {
            return await found.Task.WaitAsync(timeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(
                $"No matching log line within {timeout.TotalSeconds:0.#} s. Recorded:{Environment.NewLine}" + string.Join(Environment.NewLine, Records.Select(r => $"  {r.Level} {r.Category}: {r.Message}")),
                e);
        }
    }

    public void Dispose()
    {
    }

    private void Add(RecordedLog record)
    {
        try
        {
            output?.WriteLine($"{record.Level} {record.Category}: {record.Message}{(record.Exception is null ? string.Empty : Environment.NewLine + record.Exception)}");
        }
        catch (InvalidOperationException)
        {
            // The test has finished; xunit refuses late output.
        }

        List<TaskCompletionSource<RecordedLog>> matched = [];
        lock (_lock)
        {
            _records.Add(record);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Match(record))
                {
                    matched.Add(_waiters[i].Found);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var found in matched)
        {
            found.TrySetResult(record);
        }
    }

    private sealed class RecordingLogger(RecordingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            provider.Add(new RecordedLog(category, logLevel, formatter(state, exception), exception));
    }
}
