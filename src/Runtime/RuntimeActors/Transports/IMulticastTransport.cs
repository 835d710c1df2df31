namespace RuntimeActors.Transports;

/// <summary>
/// A transport that opens an endpoint for one socket instead of connecting to a peer (pgm and epgm, zmq_pgm(7)): the socket
/// joins a multicast group and sends to it or receives from it. There is no handshake and no listener; binding and
/// connecting mean the same, as in libzmq. Only the socket types that <see cref="Supports"/> accepts may use it;
/// the others fail bind and connect with ENOCOMPATPROTO.
/// </summary>
public interface IMulticastTransport : ITransport
{
    /// <summary>Whether sockets of <paramref name="socketType"/> may use this transport (pgm: PUB, XPUB, SUB, XSUB).</summary>
    bool Supports(SocketType socketType);

    /// <summary>
    /// Opens <paramref name="address"/> for a socket: a sender to the group for a sending socket type (PUB, XPUB),
    /// a receiver from it for a receiving one (SUB, XSUB).
    /// </summary>
    /// <exception cref="ZmqException">EINVAL, EADDRNOTAVAIL, EACCES (raw sockets without CAP_NET_RAW)..., naming the endpoint.</exception>
    ValueTask<IMulticastConnection> OpenAsync(TransportAddress address, MulticastSettings settings, CancellationToken cancellationToken);
}
