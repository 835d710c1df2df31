namespace RuntimeActors.Pipes;

/// <summary>
/// The socket's link to one peer: the outbound queue its engine drains, and the routing state the socket
/// type keeps about the peer (its routing id, its subscriptions). Inbound messages from the peer go to the
/// socket's shared inbound queue, tagged with this pipe.
/// </summary>
internal sealed class Pipe
{
    private static long s_nextId;

    public Pipe(string endpoint, int sendHighWaterMark, Action? onWritable = null)
    {
        Endpoint = endpoint;
        Outbound = new MessageQueue(sendHighWaterMark, onWritable);
        Id = Interlocked.Increment(ref s_nextId);
    }

    /// <summary>A process-wide unique number, for logs and for generated routing ids.</summary>
    public long Id { get; }

    /// <summary>The endpoint the pipe was made for (bound or connected).</summary>
    public string Endpoint { get; }

    /// <summary>Messages routed to this peer, bounded by SNDHWM.</summary>
    public MessageQueue Outbound { get; }

    /// <summary>The peer, once a connection's handshake has completed; null while (re)connecting.</summary>
    public PeerInfo? Peer { get; set; }

    /// <summary>The routing id a ROUTER socket knows this peer by.</summary>
    public ReadOnlyMemory<byte> RoutingId { get; set; }

    /// <summary>What the peer subscribed to (PUB, XPUB).</summary>
    public SubscriptionSet Subscriptions { get; } = new();

    /// <inheritdoc />
    public override string ToString() => $"pipe#{Id}({Endpoint})";
}
