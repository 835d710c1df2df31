namespace RuntimeActors.Errors;

/// <summary>The errno names of <see cref="ZmqError"/>, as the ZeroMQ manuals print them.</summary>
public static class ZmqErrorNames
{
    /// <summary>The errno name of <paramref name="error"/>, e.g. <c>EPROTONOSUPPORT</c>.</summary>
    public static string Of(ZmqError error) => error switch
    {
        ZmqError.InvalidArgument => "EINVAL",
        ZmqError.ProtocolNotSupported => "EPROTONOSUPPORT",
        ZmqError.IncompatibleProtocol => "ENOCOMPATPROTO",
        ZmqError.Terminated => "ETERM",
        ZmqError.NotSocket => "ENOTSOCK",
        ZmqError.NoIoThread => "EMTHREAD",
        ZmqError.AddressInUse => "EADDRINUSE",
        ZmqError.AddressNotAvailable => "EADDRNOTAVAIL",
        ZmqError.NoSuchEndpoint => "ENOENT",
        ZmqError.ConnectionRefused => "ECONNREFUSED",
        ZmqError.HostUnreachable => "EHOSTUNREACH",
        ZmqError.WouldBlock => "EAGAIN",
        ZmqError.InvalidState => "EFSM",
        ZmqError.NotSupported => "ENOTSUP",
        ZmqError.MessageTooLarge => "EMSGSIZE",
        ZmqError.ProtocolError => "EPROTO",
        ZmqError.AccessDenied => "EACCES",
        ZmqError.NameTooLong => "ENAMETOOLONG",
        ZmqError.NoDevice => "ENODEV",
        ZmqError.NoBufferSpace => "ENOBUFS",
        _ => error.ToString(),
    };
}
