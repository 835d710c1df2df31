using Microsoft.Extensions.Logging;

namespace RuntimeActors.Engine;

/// <summary>The connection engine's log events: handshakes and closes, at Debug level (the socket logs what users need).</summary>
internal static partial class EngineLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Debug, Message = "ZMTP handshake with {Remote} on {Endpoint} completed: peer {PeerType} speaks ZMTP 3.{Minor}.")]
    public static partial void HandshakeCompleted(ILogger logger, string remote, string endpoint, string peerType, int minor);

    [LoggerMessage(EventId = 201, Level = LogLevel.Debug, Message = "ZMTP handshake with {Remote} on {Endpoint} failed: {Reason}")]
    public static partial void HandshakeFailed(ILogger logger, string remote, string endpoint, string reason);

    [LoggerMessage(EventId = 202, Level = LogLevel.Debug, Message = "ZMTP connection {Remote} on {Endpoint} closed: {Reason}")]
    public static partial void ConnectionClosed(ILogger logger, string remote, string endpoint, string reason);

    [LoggerMessage(EventId = 203, Level = LogLevel.Debug, Message = "ZMTP connection {Remote} on {Endpoint} failed: {Reason}")]
    public static partial void ConnectionFailed(ILogger logger, string remote, string endpoint, string reason);
}
