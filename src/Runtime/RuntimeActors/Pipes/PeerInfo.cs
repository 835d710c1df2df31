using RuntimeActors.Sockets;

namespace RuntimeActors.Pipes;

/// <summary>What the handshake told about a peer.</summary>
/// <param name="SocketType">The peer's socket type, from its READY.</param>
/// <param name="RoutingId">The peer's ZMQ_ROUTING_ID, empty when it set none.</param>
/// <param name="Endpoint">The endpoint the connection belongs to (the bound or connected one).</param>
/// <param name="RemoteAddress">The remote end of the connection.</param>
/// <param name="ZmtpMinorVersion">0 for a ZMTP 3.0 peer, which needs subscriptions as messages; 1 for 3.1.</param>
internal sealed record PeerInfo(SocketType SocketType, ReadOnlyMemory<byte> RoutingId, string Endpoint, string RemoteAddress, int ZmtpMinorVersion)
{
    /// <summary>The properties of the messages received from this peer (Peer-Address, User-Id, metadata); null where none are kept.</summary>
    public Messages.MessageProperties? Properties { get; init; }
}
