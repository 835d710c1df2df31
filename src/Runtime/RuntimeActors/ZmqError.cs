namespace RuntimeActors;

/// <summary>The error codes of the ZeroMQ manuals that RuntimeActors reports, with the errno names they mirror.</summary>
public enum ZmqError
{
    /// <summary>EINVAL: the endpoint or an argument is malformed.</summary>
    InvalidArgument,

    /// <summary>EPROTONOSUPPORT: the transport is unknown or not available on this platform.</summary>
    ProtocolNotSupported,

    /// <summary>ENOCOMPATPROTO: the transport cannot be used with this socket type.</summary>
    IncompatibleProtocol,

    /// <summary>ETERM: the runtime the socket belongs to has terminated.</summary>
    Terminated,

    /// <summary>ENOTSOCK: the socket is closed.</summary>
    NotSocket,

    /// <summary>EMTHREAD: no I/O capacity is left to serve the request.</summary>
    NoIoThread,

    /// <summary>EADDRINUSE: the address is already bound.</summary>
    AddressInUse,

    /// <summary>EADDRNOTAVAIL: the address is not local to this machine.</summary>
    AddressNotAvailable,

    /// <summary>ENOENT: the endpoint is not bound or connected by this socket.</summary>
    NoSuchEndpoint,

    /// <summary>ECONNREFUSED: nobody accepts connections at the endpoint.</summary>
    ConnectionRefused,

    /// <summary>EHOSTUNREACH: the message cannot be routed (ROUTER_MANDATORY).</summary>
    HostUnreachable,

    /// <summary>EAGAIN: the operation would block, or its timeout expired.</summary>
    WouldBlock,

    /// <summary>EFSM: the operation is not allowed in the socket's current state (e.g. REQ sending twice).</summary>
    InvalidState,

    /// <summary>ENOTSUP: the operation is not supported by this socket type.</summary>
    NotSupported,

    /// <summary>EMSGSIZE: the message exceeds the size limit.</summary>
    MessageTooLarge,

    /// <summary>EPROTO: the peer broke the wire protocol.</summary>
    ProtocolError,

    /// <summary>EACCES: permission denied.</summary>
    AccessDenied,

    /// <summary>ENAMETOOLONG: the address is longer than the operating system allows.</summary>
    NameTooLong,

    /// <summary>ENODEV: no device or kernel transport serves the address family.</summary>
    NoDevice,

    /// <summary>ENOBUFS: a peer reached a bound on what the socket keeps for it (its subscriptions, for instance).</summary>
    NoBufferSpace,
}
