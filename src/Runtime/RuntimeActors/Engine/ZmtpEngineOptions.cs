using RuntimeActors.Monitoring;
using RuntimeActors.Security;
using RuntimeActors.Sockets;

namespace RuntimeActors.Engine;

/// <summary>The socket options one connection engine applies.</summary>
/// <param name="SocketType">Our socket type, announced in READY and checked against the peer's.</param>
/// <param name="RoutingId">Our ZMQ_ROUTING_ID, announced as Identity in READY; empty for none.</param>
/// <param name="MaxMessageSize">ZMQ_MAXMSGSIZE: the largest frame accepted; negative for no limit.</param>
/// <param name="HeartbeatInterval">ZMQ_HEARTBEAT_IVL: how often to PING; zero disables heartbeats.</param>
/// <param name="HeartbeatTtl">ZMQ_HEARTBEAT_TTL: the time-to-live our PINGs ask the peer to apply; zero for none.</param>
/// <param name="HeartbeatTimeout">ZMQ_HEARTBEAT_TIMEOUT: how long to wait for traffic after a PING before closing; zero means the interval.</param>
/// <param name="HandshakeTimeout">ZMQ_HANDSHAKE_IVL: the longest a handshake may take; zero for no limit.</param>
/// <param name="AsServer">The as-server flag of our greeting (the accepting side for NULL, by convention).</param>
internal sealed record ZmtpEngineOptions(
    SocketType SocketType,
    ReadOnlyMemory<byte> RoutingId,
    long MaxMessageSize,
    TimeSpan HeartbeatInterval,
    TimeSpan HeartbeatTtl,
    TimeSpan HeartbeatTimeout,
    TimeSpan HandshakeTimeout,
    bool AsServer)
{
    /// <summary>The security mechanism, its credentials and ZAP; NULL without ZAP unless set.</summary>
    public ZmtpSecurity Security { get; init; } = ZmtpSecurity.None;

    /// <summary>The tags the connection's heartbeat timeouts are counted under; null counts none (tests' bare engines).</summary>
    public MetricTags? MetricTags { get; init; }
}
