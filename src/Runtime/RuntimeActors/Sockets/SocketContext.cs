using Microsoft.Extensions.Logging;
using RuntimeActors.Actors;
using RuntimeActors.Engine;
using RuntimeActors.Monitoring;
using RuntimeActors.Transports;

namespace RuntimeActors.Sockets;

/// <summary>What the actors of one socket (the socket, its listeners, connecters and sessions) share.</summary>
internal sealed class SocketContext(SocketType type, SocketOptions options, SocketCore core, TransportRegistry transports, SocketMonitor monitor, ILoggerFactory loggerFactory, TimeProvider time)
{
    public SocketType Type { get; } = type;

    public SocketOptions Options { get; } = options;

    public SocketCore Core { get; } = core;

    public TransportRegistry Transports { get; } = transports;

    public SocketMonitor Monitor { get; } = monitor;

    public ILoggerFactory LoggerFactory { get; } = loggerFactory;

    public TimeProvider Time { get; } = time;

    /// <summary>The socket actor; set once it exists.</summary>
    public IActorRef Socket { get; set; } = ActorRefs.Nobody;

    public void Publish(SocketEventKind kind, string endpoint, Exception? error = null, TimeSpan? delay = null) =>
        Monitor.Publish(new SocketEvent(kind, Socket, endpoint, error, delay));

    public ZmtpEngineOptions EngineOptions(bool asServer) => new(
        Type,
        Options.RoutingId,
        Options.MaxMessageSize,
        Options.HeartbeatInterval,
        Options.HeartbeatTtl,
        Options.HeartbeatTimeout,
        Options.HandshakeInterval,
        asServer);
}
