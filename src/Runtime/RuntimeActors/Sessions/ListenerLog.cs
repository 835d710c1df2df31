using Microsoft.Extensions.Logging;

namespace RuntimeActors.Sessions;

/// <summary>The listener actor's log events.</summary>
internal static partial class ListenerLog
{
    [LoggerMessage(EventId = 110, Level = LogLevel.Warning, Message = "Accepting on {Endpoint} failed; accepting goes on.")]
    public static partial void LogAcceptFailed(this ILogger logger, string endpoint, Exception error);

    [LoggerMessage(EventId = 111, Level = LogLevel.Warning, Message = "Closing the listener on {Endpoint} failed.")]
    public static partial void LogListenerDisposeFailed(this ILogger logger, string endpoint, Exception error);

    [LoggerMessage(
        EventId = 112,
        Level = LogLevel.Warning,
        Message = "{Listener} on {Endpoint} closed the connection from {Remote} at once: it keeps at most {MaxConnections} connections (MaxConnections); {Refused} refused so far.")]
    public static partial void LogConnectionRefused(this ILogger logger, string listener, string endpoint, string remote, int maxConnections, long refused);
}
