namespace RuntimeActors;

/// <summary>
/// The options of a socket, named after their ZMQ_ counterparts in zmq_setsockopt(3). Set them before the
/// socket binds or connects; later changes apply to later connections only.
/// </summary>
public sealed partial class SocketOptions
{
    /// <summary>ZMQ_SNDHWM: messages queued per peer before sends block or drop; 0 means unlimited. Default 1000.</summary>
    public int SendHighWaterMark { get; set; } = 1000;

    /// <summary>ZMQ_RCVHWM: received messages queued before the socket stops reading from its peers; 0 means unlimited. Default 1000.</summary>
    public int ReceiveHighWaterMark { get; set; } = 1000;

    /// <summary>
    /// ZMQ_LINGER: how long closing waits for queued messages to reach their peers; infinite by default, as in
    /// libzmq. As in libzmq, messages queued for a peer that is still connecting are waited for too, so a close
    /// with the default linger and an absent peer does not end: set a finite linger where that matters.
    /// </summary>
    public TimeSpan Linger { get; set; } = Timeout.InfiniteTimeSpan;

    /// <summary>ZMQ_RECONNECT_IVL: the first delay before reconnecting. Default 100 ms.</summary>
    public TimeSpan ReconnectInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>ZMQ_RECONNECT_IVL_MAX: the cap of the doubling reconnect delay; zero keeps the delay constant. Default zero.</summary>
    public TimeSpan ReconnectIntervalMax { get; set; } = TimeSpan.Zero;

    /// <summary>ZMQ_ROUTING_ID: the identity this socket announces to ROUTER peers; empty for none, at most 255 bytes.</summary>
    public ReadOnlyMemory<byte> RoutingId { get; set; }

    /// <summary>ZMQ_MAXMSGSIZE: the largest frame accepted from a peer, checked before allocating; -1 for no limit. Default -1.</summary>
    public long MaxMessageSize { get; set; } = -1;

    /// <summary>ZMQ_HEARTBEAT_IVL: how often to send ZMTP PINGs; zero disables heartbeats. Default zero.</summary>
    public TimeSpan HeartbeatInterval { get; set; }

    /// <summary>ZMQ_HEARTBEAT_TTL: the time-to-live our PINGs ask the peer to apply. Default zero.</summary>
    public TimeSpan HeartbeatTtl { get; set; }

    /// <summary>ZMQ_HEARTBEAT_TIMEOUT: how long to wait for any traffic after a PING before closing; zero means the interval.</summary>
    public TimeSpan HeartbeatTimeout { get; set; }

    /// <summary>ZMQ_HANDSHAKE_IVL: the longest a connection's handshake may take; zero for no limit. Default 30 s.</summary>
    public TimeSpan HandshakeInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>ZMQ_IMMEDIATE: queue messages only for completed connections, not for peers still being connected. Default false.</summary>
    public bool Immediate { get; set; }

    /// <summary>ZMQ_SNDTIMEO: how long a send waits at the high-water mark before failing with EAGAIN; infinite by default.</summary>
    public TimeSpan SendTimeout { get; set; } = Timeout.InfiniteTimeSpan;

    /// <summary>ZMQ_RCVTIMEO: how long a receive waits before failing with EAGAIN; infinite by default.</summary>
    public TimeSpan ReceiveTimeout { get; set; } = Timeout.InfiniteTimeSpan;

    /// <summary>ZMQ_XPUB_VERBOSE: an XPUB socket passes every subscription up, not only the first of each topic.</summary>
    public bool XPubVerbose { get; set; }

    /// <summary>ZMQ_ROUTER_MANDATORY: a ROUTER reports an unroutable message (EHOSTUNREACH) instead of dropping it.</summary>
    public bool RouterMandatory { get; set; }

    /// <summary>
    /// For a socket actor created with a receiver: how many <see cref="Zmq.Received"/> the receiver may hold without
    /// acknowledging them (<see cref="Zmq.ReceiveAck"/>) before the socket stops taking messages from its peers. Default 1000.
    /// </summary>
    public int ReceiveWindow { get; set; } = 1000;

    /// <summary>A copy, so that a socket keeps the options it was created with.</summary>
    public SocketOptions Clone() => (SocketOptions)MemberwiseClone();

    internal SocketOptions Validated()
    {
        if (SendHighWaterMark < 0 || ReceiveHighWaterMark < 0)
        {
            throw new ZmqException(ZmqError.InvalidArgument, null, "high-water marks must not be negative");
        }

        if (ReceiveWindow < 1)
        {
            throw new ZmqException(ZmqError.InvalidArgument, null, "the receive window must be at least 1");
        }

        if (RoutingId.Length > 255)
        {
            throw new ZmqException(ZmqError.InvalidArgument, null, $"a routing id is at most 255 bytes, this one has {RoutingId.Length}");
        }

        if (ReconnectInterval <= TimeSpan.Zero)
        {
            throw new ZmqException(ZmqError.InvalidArgument, null, "the reconnect interval must be positive");
        }

        ValidateLimits();
        ValidateSecurity();
        ValidateMulticast();
        return this;
    }
}
