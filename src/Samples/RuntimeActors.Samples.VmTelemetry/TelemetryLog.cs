using Microsoft.Extensions.Logging;

namespace RuntimeActors.Samples.VmTelemetry;

/// <summary>The sample's log messages; they go to stderr, so stdout carries only samples.</summary>
internal static partial class TelemetryLog
{
    [LoggerMessage(1, LogLevel.Information, "Publishing '{Topic}' every {Interval} ms on {Endpoint} ({Direction})")]
    public static partial void Publishing(ILogger logger, string topic, int interval, string endpoint, string direction);

    [LoggerMessage(2, LogLevel.Information, "Subscribed to '{Prefix}' on {Endpoint} ({Direction})")]
    public static partial void Subscribed(ILogger logger, string prefix, string endpoint, string direction);

    [LoggerMessage(3, LogLevel.Warning, "Ignored a message of {Frames} frames; a sample has a topic frame and a JSON frame")]
    public static partial void Malformed(ILogger logger, int frames);

    [LoggerMessage(4, LogLevel.Warning, "Ignored a message whose second frame is not a sample: {Reason}")]
    public static partial void NotASample(ILogger logger, string reason);

    [LoggerMessage(5, LogLevel.Information, "Done after {Count} samples")]
    public static partial void Done(ILogger logger, long count);

    [LoggerMessage(7, LogLevel.Information, "Stopped after {Count} samples")]
    public static partial void Stopped(ILogger logger, long count);

    [LoggerMessage(6, LogLevel.Critical, "The {Mode} side failed")]
    public static partial void Failed(ILogger logger, Exception exception, TelemetryMode mode);
}
