using System.Net;
using System.Net.Sockets;

namespace RuntimeActors.Transports.Tcp;

/// <summary>Turns socket failures into the ZeroMQ error codes and messages the runtime reports.</summary>
internal static class TcpErrors
{
    /// <summary>A failure to create, bind or listen on the socket for <paramref name="endpoint"/>.</summary>
    public static ZmqException ForListen(SocketException failure, string endpoint)
    {
        var (error, reason) = failure.SocketErrorCode switch
        {
            SocketError.AddressAlreadyInUse => (ZmqError.AddressInUse, "the address is already in use"),
            SocketError.AddressNotAvailable => (ZmqError.AddressNotAvailable, "the address is not local to this machine"),
            SocketError.AccessDenied => (ZmqError.AccessDenied, "permission denied to bind the address"),
            SocketError.AddressFamilyNotSupported or SocketError.ProtocolNotSupported or SocketError.ProtocolFamilyNotSupported =>
                (ZmqError.NoDevice, "this machine does not support the address family (is IPv6 disabled?)"),
            SocketError.TooManyOpenSockets or SocketError.NoBufferSpaceAvailable =>
                (ZmqError.NoIoThread, "the process is out of sockets or buffer space"),
            _ => (ZmqError.AddressNotAvailable, "the address cannot be bound"),
        };
        return new ZmqException(error, endpoint, $"{reason} ({failure.SocketErrorCode}: {failure.Message})", failure);
    }

    /// <summary>A failure to resolve the host name of <paramref name="endpoint"/>.</summary>
    /// <remarks>libzmq reports an unknown bind host as ENODEV; a connect keeps retrying, so its code only labels the failure.</remarks>
    public static ZmqException ForResolve(SocketException failure, string endpoint, string host, EndpointUse use)
    {
        var error = use == EndpointUse.Bind ? ZmqError.NoDevice : ZmqError.HostUnreachable;
        var subject = use == EndpointUse.Bind ? "interface or host" : "host";
        return new ZmqException(error, endpoint, $"the {subject} name '{host}' could not be resolved ({failure.SocketErrorCode}: {failure.Message})", failure);
    }

    /// <summary>A failure to connect <paramref name="endpoint"/> to <paramref name="target"/>.</summary>
    public static ZmqException ForConnect(SocketException failure, string endpoint, IPEndPoint target, string alsoTried)
    {
        var (error, reason) = failure.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => (ZmqError.ConnectionRefused, $"nobody accepts connections at {target} (connection refused)"),
            SocketError.ConnectionReset or SocketError.ConnectionAborted => (ZmqError.ConnectionRefused, $"{target} reset the connection while it was being set up"),
            SocketError.TimedOut => (ZmqError.WouldBlock, $"connecting to {target} timed out"),
            SocketError.HostUnreachable or SocketError.HostDown => (ZmqError.HostUnreachable, $"the host {target.Address} is unreachable"),
            SocketError.NetworkUnreachable or SocketError.NetworkDown => (ZmqError.HostUnreachable, $"the network of {target.Address} is unreachable"),
            SocketError.AddressNotAvailable => (ZmqError.AddressNotAvailable, $"no local address can reach {target}"),
            SocketError.AccessDenied => (ZmqError.AccessDenied, $"permission denied to connect to {target}"),
            SocketError.AddressFamilyNotSupported or SocketError.ProtocolNotSupported or SocketError.ProtocolFamilyNotSupported =>
                (ZmqError.NoDevice, $"this machine does not support the address family of {target.Address}"),
            _ => (ZmqError.HostUnreachable, $"connecting to {target} failed"),
        };
        return new ZmqException(error, endpoint, $"{reason} ({failure.SocketErrorCode}){alsoTried}", failure);
    }

    /// <summary>A failure of an established connection, as the IOException readers and writers of streams expect.</summary>
    public static IOException ForConnection(SocketException failure, string remoteEndpoint)
    {
        var reason = failure.SocketErrorCode switch
        {
            SocketError.ConnectionReset => "the connection was reset by the peer",
            SocketError.ConnectionAborted => "the connection was aborted",
            SocketError.Shutdown => "the connection was closed",
            SocketError.TimedOut => "the connection timed out",
            SocketError.HostUnreachable or SocketError.NetworkUnreachable or SocketError.HostDown or SocketError.NetworkDown =>
                "the peer became unreachable",
            _ => "the connection failed",
        };
        return new IOException($"{remoteEndpoint}: {reason} ({failure.SocketErrorCode})", failure);
    }

    /// <summary>
    /// Whether a failure to connect is worth retrying: the peer may come up, the route may return, DNS may answer.
    /// </summary>
    public static bool IsTransient(Exception failure)
    {
        for (var current = failure; current is not null; current = current.InnerException)
        {
            if (current is SocketException socket)
            {
                return IsTransient(socket.SocketErrorCode);
            }
        }

        return false;
    }

    /// <summary>Whether <paramref name="error"/> is one libzmq's connecter retries after a backoff.</summary>
    public static bool IsTransient(SocketError error) => error is
        SocketError.ConnectionRefused or SocketError.ConnectionReset or SocketError.ConnectionAborted
        or SocketError.TimedOut
        or SocketError.HostUnreachable or SocketError.NetworkUnreachable
        or SocketError.HostDown or SocketError.NetworkDown
        or SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData;
}
