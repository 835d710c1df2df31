using System.ComponentModel;
using System.Globalization;
using System.Net.Sockets;
using RuntimeActors.Transports.Vsock.Native;

namespace RuntimeActors.Transports.Vsock;

/// <summary>
/// Turns the errno of a failed vsock call into the ZeroMQ error codes and messages the runtime reports. The errno
/// travels as the inner <see cref="Win32Exception"/>, whose message is the C library's strerror.
/// </summary>
internal static class VmErrors
{
    /// <summary>A failure to create an AF_VSOCK socket for <paramref name="endpoint"/>.</summary>
    public static ZmqException ForCreate(int errno, string endpoint)
    {
        var (error, reason) = errno switch
        {
            Errno.EAFNOSUPPORT or Errno.EPROTONOSUPPORT or Errno.ESOCKTNOSUPPORT or Errno.EOPNOTSUPP =>
                (ZmqError.ProtocolNotSupported, "this machine has no AF_VSOCK sockets (is the vsock kernel module loaded?)"),
            Errno.ENODEV => (ZmqError.NoDevice, "no vsock transport is loaded in the kernel"),
            Errno.EACCES or Errno.EPERM => (ZmqError.AccessDenied, "permission denied to create an AF_VSOCK socket"),
            Errno.EMFILE or Errno.ENFILE or Errno.ENOBUFS or Errno.ENOMEM => (ZmqError.NoIoThread, "the process is out of descriptors or memory"),
            _ => (ZmqError.ProtocolNotSupported, "an AF_VSOCK socket cannot be created"),
        };
        return Failure(error, endpoint, reason, errno);
    }

    /// <summary>A failure to set up, bind or listen on the socket for <paramref name="endpoint"/>.</summary>
    public static ZmqException ForListen(int errno, string endpoint, SockaddrVm address)
    {
        var (error, reason) = errno switch
        {
            Errno.EADDRINUSE => (ZmqError.AddressInUse, $"the port {address.Port} is already bound"),
            Errno.EADDRNOTAVAIL => (ZmqError.AddressNotAvailable, $"the CID {address.Cid} is not local to this machine"),
            Errno.EACCES or Errno.EPERM => (ZmqError.AccessDenied, $"permission denied to bind the port {address.Port} (vsock ports below 1024 need CAP_NET_BIND_SERVICE)"),
            Errno.ENODEV => (ZmqError.NoDevice, $"no vsock transport serves the CID {address.Cid}"),
            Errno.EINVAL => (ZmqError.InvalidArgument, "the kernel refused the address"),
            Errno.EAFNOSUPPORT or Errno.EPROTONOSUPPORT or Errno.ESOCKTNOSUPPORT or Errno.EOPNOTSUPP =>
                (ZmqError.ProtocolNotSupported, "this machine has no AF_VSOCK sockets"),
            Errno.EMFILE or Errno.ENFILE or Errno.ENOBUFS or Errno.ENOMEM => (ZmqError.NoIoThread, "the process is out of descriptors or memory"),
            _ => (ZmqError.AddressNotAvailable, "the address cannot be bound"),
        };
        return Failure(error, endpoint, reason, errno);
    }

    /// <summary>A failure to connect <paramref name="endpoint"/> to <paramref name="target"/>.</summary>
    public static ZmqException ForConnect(int errno, string endpoint, SockaddrVm target)
    {
        var (error, reason) = errno switch
        {
            Errno.ECONNREFUSED => (ZmqError.ConnectionRefused, $"nobody accepts connections at CID {target.Cid} port {target.Port} (connection refused)"),
            Errno.ECONNRESET or Errno.ECONNABORTED => (ZmqError.ConnectionRefused, $"CID {target.Cid} reset the connection to port {target.Port} (nobody listens there, or it went away)"),
            Errno.ETIMEDOUT => (ZmqError.WouldBlock, $"connecting to CID {target.Cid} port {target.Port} timed out"),
            Errno.EHOSTUNREACH or Errno.ENETUNREACH or Errno.EHOSTDOWN or Errno.ENETDOWN => (ZmqError.HostUnreachable, $"the CID {target.Cid} is unreachable"),
            Errno.ENODEV => (ZmqError.NoDevice, target.Cid == SockaddrVm.LocalCid
                ? "no vsock transport reaches the CID 1 (the loopback needs the vsock_loopback kernel module)"
                : $"no vsock transport reaches the CID {target.Cid}"),
            Errno.EACCES or Errno.EPERM => (ZmqError.AccessDenied, $"permission denied to connect to CID {target.Cid} port {target.Port}"),
            Errno.EADDRNOTAVAIL => (ZmqError.AddressNotAvailable, "no local port is free to connect from"),
            Errno.EINVAL => (ZmqError.InvalidArgument, $"the kernel refused CID {target.Cid} port {target.Port} as a destination"),
            Errno.EAFNOSUPPORT or Errno.EPROTONOSUPPORT or Errno.ESOCKTNOSUPPORT or Errno.EOPNOTSUPP =>
                (ZmqError.ProtocolNotSupported, "this machine has no AF_VSOCK sockets"),
            Errno.EMFILE or Errno.ENFILE or Errno.ENOBUFS or Errno.ENOMEM => (ZmqError.NoIoThread, "the process is out of descriptors or memory"),
            _ => (ZmqError.HostUnreachable, $"connecting to CID {target.Cid} port {target.Port} failed"),
        };
        return Failure(error, endpoint, reason, errno);
    }

    /// <summary>A failure to accept on the listener at <paramref name="endpoint"/>.</summary>
    public static ZmqException ForAccept(int errno, string endpoint)
    {
        var error = errno is Errno.EMFILE or Errno.ENFILE or Errno.ENOBUFS or Errno.ENOMEM ? ZmqError.NoIoThread : ZmqError.ProtocolError;
        return Failure(error, endpoint, "accepting a connection failed", errno);
    }

    /// <summary>A failure to set the SO_VM_SOCKETS option <paramref name="option"/> for <paramref name="endpoint"/>.</summary>
    public static ZmqException ForOption(int errno, string endpoint, string option, string value) =>
        Failure(ZmqError.InvalidArgument, endpoint, $"the kernel refused {option} = {value}", errno);

    /// <summary>A failure to read the local CID for <paramref name="endpoint"/>.</summary>
    public static ZmqException ForLocalCid(int errno, string endpoint) => errno switch
    {
        Errno.ENOENT or Errno.ENODEV => Failure(ZmqError.NoDevice, endpoint, "/dev/vsock is missing, so this machine has no local CID (is the vsock kernel module loaded?)", errno),
        Errno.EACCES or Errno.EPERM => Failure(ZmqError.AccessDenied, endpoint, "permission denied to open /dev/vsock for the local CID", errno),
        _ => Failure(ZmqError.NoDevice, endpoint, "the local CID cannot be read from /dev/vsock", errno),
    };

    /// <summary>A failure of an established connection, as the IOException readers and writers of streams expect.</summary>
    public static IOException ForConnection(SocketException failure, string remoteEndpoint)
    {
        var reason = failure.SocketErrorCode switch
        {
            SocketError.ConnectionReset => "the connection was reset by the peer",
            SocketError.ConnectionAborted => "the connection was aborted",
            SocketError.Shutdown => "the connection was closed",
            SocketError.TimedOut => "the connection timed out",
            _ => "the connection failed",
        };
        return new IOException($"{remoteEndpoint}: {reason} ({failure.SocketErrorCode})", failure);
    }

    /// <summary>
    /// Whether a failure to connect is worth retrying with backoff: nobody listens yet, the peer went away, the
    /// attempt timed out, the CID is not reachable for now. A missing family or transport, a refused permission or a
    /// malformed address stay as they are.
    /// </summary>
    public static bool IsTransient(Exception failure)
    {
        for (var current = failure; current is not null; current = current.InnerException)
        {
            if (current is Win32Exception native and not SocketException)
            {
                return IsTransient(native.NativeErrorCode);
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="errno"/> from connect is retried after a backoff.</summary>
    public static bool IsTransient(int errno) => errno is
        Errno.ECONNREFUSED or Errno.ECONNRESET or Errno.ECONNABORTED or Errno.ETIMEDOUT
        or Errno.EHOSTUNREACH or Errno.ENETUNREACH or Errno.EHOSTDOWN or Errno.ENETDOWN
        or Errno.EINTR or Errno.EAGAIN;

    private static ZmqException Failure(ZmqError error, string endpoint, string reason, int errno)
    {
        var native = new Win32Exception(errno);
        return new ZmqException(error, endpoint, string.Create(CultureInfo.InvariantCulture, $"{reason} ({Errno.Name(errno)}: {native.Message})"), native);
    }
}
