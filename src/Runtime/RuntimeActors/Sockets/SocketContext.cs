using Akka.Actor;
using RuntimeActors.Engine;
using RuntimeActors.Monitoring;
using RuntimeActors.Pipes;
using RuntimeActors.Security;
using RuntimeActors.Transports;

namespace RuntimeActors.Sockets;

/// <summary>What the actors of one socket (the socket, its listeners, connecters and sessions) share, and the Akka dispatcher they run on (null: the system's default).</summary>
internal sealed class SocketContext(SocketType type, SocketOptions options, SocketCore core, TransportRegistry transports, SocketMonitor monitor, string? dispatcher)
{
    public SocketType Type { get; } = type;

    public SocketOptions Options { get; } = options;

    public SocketCore Core { get; } = core;

    public TransportRegistry Transports { get; } = transports;

    public SocketMonitor Monitor { get; } = monitor;

    private long _refusedConnections;

    /// <summary>Connections its listeners closed at once because <see cref="SocketOptions.MaxConnections"/> were kept (tests, diagnostics).</summary>
    public long RefusedConnections => Interlocked.Read(ref _refusedConnections);

    /// <summary>The socket actor; set once it exists.</summary>
    public IActorRef Socket { get; set; } = ActorRefs.Nobody;

    /// <summary>A listener closed a connection at once, at <see cref="SocketOptions.MaxConnections"/>.</summary>
    public void CountRefusedConnection() => Interlocked.Increment(ref _refusedConnections);

    /// <summary>The tags of the measurements of a connection to or from <paramref name="endpoint"/>.</summary>
    public MetricTags MetricTagsFor(string endpoint) => MetricTags.For(Type, endpoint, Options.MetricsIncludeEndpoint);

    /// <summary>A pipe for a peer on <paramref name="endpoint"/>, bounded by SNDHWM and measured under the socket's tags.</summary>
    public Pipe NewPipe(string endpoint) => new(endpoint, Options.SendHighWaterMark, tags: MetricTagsFor(endpoint));

    /// <summary><paramref name="props"/> on the socket's dispatcher.</summary>
    public Props WithDispatcher(Props props) => dispatcher is null ? props : props.WithDispatcher(dispatcher);

    public void Publish(SocketEventKind kind, string endpoint, Exception? error = null, TimeSpan? delay = null) =>
        Monitor.Publish(new SocketEvent(kind, Socket, endpoint, error, delay));

    public void Publish(SocketEvent socketEvent) => Monitor.Publish(socketEvent);

    /// <summary>The security mechanism and ZAP of the socket's connections (stream transports; inproc does none, as in libzmq).</summary>
    public ZmtpSecurity Security { get; init; } = ZmtpSecurity.None;

    public ZmtpEngineOptions EngineOptions(bool asServer) => new(
        Type,
        Options.RoutingId,
        Options.MaxMessageSize,
        Options.HeartbeatInterval,
        Options.HeartbeatTtl,
        Options.HeartbeatTimeout,
        Options.HandshakeInterval,
        asServer)
    {
        Security = Security,
    };
}
