namespace RuntimeActors;

/// <summary>What happened to a socket, as libzmq's socket monitor reports it (ZMQ_EVENT_*).</summary>
public enum SocketEventKind
{
    /// <summary>ZMQ_EVENT_LISTENING: a bind succeeded; the endpoint is the real one.</summary>
    Listening,

    /// <summary>ZMQ_EVENT_BIND_FAILED: a bind failed.</summary>
    BindFailed,

    /// <summary>ZMQ_EVENT_ACCEPTED: a connection was accepted on a bound endpoint.</summary>
    Accepted,

    /// <summary>ZMQ_EVENT_CONNECTED: a connection to a peer was established.</summary>
    Connected,

    /// <summary>ZMQ_EVENT_CONNECT_DELAYED: a connect attempt failed and will be retried.</summary>
    ConnectDelayed,

    /// <summary>ZMQ_EVENT_CONNECT_RETRIED: a reconnect was scheduled after <see cref="SocketEvent.Delay"/>.</summary>
    ConnectRetried,

    /// <summary>ZMQ_EVENT_HANDSHAKE_SUCCEEDED: the ZMTP handshake with a peer completed.</summary>
    HandshakeSucceeded,

    /// <summary>
    /// ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL: the ZMTP handshake failed for a reason that is neither a protocol error nor
    /// an authentication failure (a timeout, a lost connection, a refused peer); <see cref="SocketEvent.Error"/> says why.
    /// </summary>
    HandshakeFailed,

    /// <summary>
    /// ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL: the peer broke the protocol or the mechanism (a malformed command, a box that
    /// does not open); <see cref="SocketEvent.ProtocolError"/> holds libzmq's ZMQ_PROTOCOL_ERROR_* code.
    /// </summary>
    HandshakeFailedProtocol,

    /// <summary>
    /// ZMQ_EVENT_HANDSHAKE_FAILED_AUTH: ZAP refused the peer, or the peer's ZAP refused us;
    /// <see cref="SocketEvent.AuthStatusCode"/> holds the status code (300, 400 or 500).
    /// </summary>
    HandshakeFailedAuth,

    /// <summary>ZMQ_EVENT_DISCONNECTED: an established connection ended.</summary>
    Disconnected,

    /// <summary>ZMQ_EVENT_CLOSED: a listener or connecter was closed (unbind, disconnect or socket close).</summary>
    Closed,

    /// <summary>
    /// Not in libzmq: a multicast receiver (pgm, epgm) gave up repairing a gap in a sender's stream and went on at the
    /// next whole message. <see cref="SocketEvent.Value"/> holds how many packets were lost; <see cref="SocketEvent.Error"/> says why.
    /// </summary>
    MulticastDataLoss,
}
