using Akka.Event;
using Microsoft.Extensions.Logging;
using AkkaLogLevel = Akka.Event.LogLevel;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace RuntimeActors.Logging;

/// <summary>
/// An <see cref="ILogger"/> that writes to an actor's Akka.NET <see cref="ILoggingAdapter"/>. The engines and the
/// socket code log through source-generated <see cref="LoggerMessageAttribute"/> methods; this bridge sends what they
/// write into Akka's logging, so that Akka's logger configuration (and Akka.Hosting's logging setup) applies to it,
/// with the actor's path as the log source.
/// </summary>
internal sealed class AkkaLogger(ILoggingAdapter log) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => ToAkka(logLevel) is { } level && log.IsEnabled(level);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (ToAkka(logLevel) is not { } level || !log.IsEnabled(level))
        {
            return;
        }

        // The text is formatted already: it goes in as an argument, so that braces in it are not read as a template.
        log.Log(level, exception, "{0}", formatter(state, exception));
    }

    private static AkkaLogLevel? ToAkka(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => AkkaLogLevel.DebugLevel,
        LogLevel.Information => AkkaLogLevel.InfoLevel,
        LogLevel.Warning => AkkaLogLevel.WarningLevel,
        LogLevel.Error or LogLevel.Critical => AkkaLogLevel.ErrorLevel,
        _ => null,
    };
}
