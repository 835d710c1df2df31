using Microsoft.Extensions.Logging;

namespace RuntimeActors.Actors;

/// <summary>The kernel's log events, generated so that a disabled level costs no formatting.</summary>
internal static partial class KernelLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Actor system {Name} started.")]
    public static partial void SystemStarted(ILogger logger, string name);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Actor system {Name} terminated.")]
    public static partial void SystemTerminated(ILogger logger, string name);

    [LoggerMessage(EventId = 3, Message = "Actor {Path} failed with {ExceptionType}: {Reason}. Supervisor {Supervisor} decided {Directive}.")]
    public static partial void ActorFailed(ILogger logger, LogLevel level, Exception cause, ActorPath path, string exceptionType, string reason, ActorPath supervisor, Directive directive);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Actor {Path} failed while stopping; the failure is ignored.")]
    public static partial void FailedWhileStopping(ILogger logger, Exception cause, ActorPath path);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "The supervisor strategy of {Path} threw while deciding; escalating.")]
    public static partial void DeciderFailed(ILogger logger, Exception cause, ActorPath path);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "{Hook} of {Path} threw.")]
    public static partial void HookFailed(ILogger logger, Exception cause, string hook, ActorPath path);

    [LoggerMessage(EventId = 7, Level = LogLevel.Debug, Message = "Dead letter {MessageType} from {Sender} to {Recipient}.")]
    public static partial void DeadLetter(ILogger logger, string messageType, string sender, ActorPath recipient);

    [LoggerMessage(EventId = 8, Level = LogLevel.Critical, Message = "The root guardian of {Name} failed; terminating the system.")]
    public static partial void RootFailed(ILogger logger, Exception cause, string name);
}
