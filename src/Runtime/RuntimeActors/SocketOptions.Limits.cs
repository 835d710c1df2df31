namespace RuntimeActors;

/// <summary>The bounds on what peers can make a socket hold: connections per listener, subscriptions per peer.</summary>
public sealed partial class SocketOptions
{
    /// <summary>
    /// The most connections each bound endpoint (listener) keeps at once, counting those still in their handshake; 0 for
    /// no bound, the default, as libzmq has none. A connection accepted beyond it is closed at once, logged at Warning
    /// and counted; a connection that ends frees its place. Without a bound, every peer that connects costs a session
    /// and its buffers until its handshake times out (<see cref="HandshakeInterval"/>) or it leaves.
    /// </summary>
    public int MaxConnections { get; set; }

    /// <summary>
    /// PUB and XPUB: the most distinct topic prefixes one peer may be subscribed to; 0 for no bound. Default 100,000, far
    /// above what a real subscriber asks for: the publisher keeps some 100 bytes per prefix besides its bytes, about
    /// 10 MB for a peer at the bound with short topics. A subscription beyond it ends the peer's connection with ENOBUFS
    /// naming the bound (a subscriber that ignores it would silently miss messages); another subscription of a prefix
    /// the peer has already costs nothing and is always taken.
    /// </summary>
    public int MaxSubscriptionsPerPeer { get; set; } = 100_000;

    /// <summary>
    /// PUB and XPUB: the most bytes of topic prefixes one peer may be subscribed to, all its distinct prefixes together;
    /// 0 for no bound. Default 16 MiB, room for 100,000 topics of 160 bytes; the publisher keeps each prefix twice (its
    /// bytes, and a lookup key of two bytes per byte), so a peer at the bound holds some 50 MB. A subscription beyond it
    /// ends the peer's connection with ENOBUFS naming the bound.
    /// </summary>
    public long MaxSubscriptionBytesPerPeer { get; set; } = 16 * 1024 * 1024;

    private void ValidateLimits()
    {
        if (MaxConnections < 0)
        {
            throw new ZmqException(ZmqError.InvalidArgument, null, "the most connections of a listener must not be negative (0 for no bound)");
        }

        if (MaxSubscriptionsPerPeer < 0 || MaxSubscriptionBytesPerPeer < 0)
        {
            throw new ZmqException(ZmqError.InvalidArgument, null, "the subscription bounds per peer must not be negative (0 for no bound)");
        }
    }
}
