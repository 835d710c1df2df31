using Microsoft.Extensions.Logging;

namespace RuntimeActors.Sockets;

/// <summary>The socket runtime's log events.</summary>
internal static partial class SocketLog
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Debug, Message = "{Socket} {Kind} {Endpoint}.")]
    public static partial void EndpointEvent(ILogger logger, string socket, string kind, string endpoint);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Connection {Remote} on {Endpoint} ended: {Reason}")]
    public static partial void ConnectionEnded(ILogger logger, string remote, string endpoint, string reason);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Handshake with {Remote} on {Endpoint} failed: {Reason}")]
    public static partial void HandshakeFailed(ILogger logger, string remote, string endpoint, string reason);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "Closing the connection {Remote} on {Endpoint} failed.")]
    public static partial void DisposeFailed(ILogger logger, Exception error, string remote, string endpoint);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "{Socket} refused a peer on {Endpoint}: {Reason}")]
    public static partial void PeerRefused(ILogger logger, string socket, string endpoint, string reason);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "Multicast data on {Endpoint} lost: {Count} packet(s) from {Source} could not be repaired ({Reason})")]
    public static partial void MulticastDataLost(ILogger logger, string endpoint, string source, long count, string reason);
}
