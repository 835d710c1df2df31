using Microsoft.Extensions.Logging;

namespace RuntimeActors.Sessions;

internal static partial class ListenerLog
{
    [LoggerMessage(EventId = 110, Level = LogLevel.Warning, Message = "Accepting on {Endpoint} failed; accepting goes on.")]
    public static partial void LogAcceptFailed(this ILogger logger, string endpoint, Exception error);
}
