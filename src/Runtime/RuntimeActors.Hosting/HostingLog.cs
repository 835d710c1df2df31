using Microsoft.Extensions.Logging;

namespace RuntimeActors.Hosting;

/// <summary>The hosting integration's log events, generated so that a disabled level costs no formatting.</summary>
internal static partial class HostingLog
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "Actor system {Name} started; {Steps} start steps ran.")]
    public static partial void Started(ILogger logger, string name, int steps);

    [LoggerMessage(EventId = 102, Level = LogLevel.Debug, Message = "Actor system {Name} terminated with the host.")]
    public static partial void Stopped(ILogger logger, string name);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Actor system {Name} did not terminate within the host's shutdown timeout.")]
    public static partial void StopTimedOut(ILogger logger, string name);

    [LoggerMessage(EventId = 104, Level = LogLevel.Warning, Message = "Actor system {Name} terminated while the host was running; stopping the application.")]
    public static partial void TerminatedOnItsOwn(ILogger logger, string name);
}
