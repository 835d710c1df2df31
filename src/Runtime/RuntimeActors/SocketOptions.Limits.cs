namespace RuntimeActors;

/// <summary>The bounds on what peers can make a socket hold: connections per listener.</summary>
public sealed partial class SocketOptions
{
    /// <summary>
    /// The most connections each bound endpoint (listener) keeps at once, counting those still in their handshake; 0 for
    /// no bound, the default, as libzmq has none. A connection accepted beyond it is closed at once, logged at Warning
    /// and counted; a connection that ends frees its place. Without a bound, every peer that connects costs a session
    /// and its buffers until its handshake times out (<see cref="HandshakeInterval"/>) or it leaves.
    /// </summary>
    public int MaxConnections { get; set; }

    private void ValidateLimits()
    {
        if (MaxConnections < 0)
        {
            throw new ZmqException(ZmqError.InvalidArgument, null, "the most connections of a listener must not be negative (0 for no bound)");
        }
    }
}
