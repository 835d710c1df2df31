using RuntimeActors.Monitoring;

namespace RuntimeActors.Pipes;

/// <summary>
/// The socket's link to one peer: the outbound queue its engine drains, and the routing state the socket
/// type keeps about the peer (its routing id, its subscriptions). Inbound messages from the peer go to the
/// socket's shared inbound queue, tagged with this pipe.
/// </summary>
internal sealed class Pipe
{
    private static long s_nextId;

    /// <param name="endpoint">The endpoint the pipe was made for.</param>
    /// <param name="sendHighWaterMark">SNDHWM, in messages; 0 for unlimited.</param>
    /// <param name="onWritable">Called when a full outbound queue has room again.</param>
    /// <param name="tags">The tags its traffic is measured under; null for a pipe no socket owns (unit tests).</param>
    public Pipe(string endpoint, int sendHighWaterMark, Action? onWritable = null, MetricTags? tags = null)
    {
        Endpoint = endpoint;
        Traffic = new PipeTraffic(tags ?? MetricTags.Unattributed(endpoint));
        Outbound = new MessageQueue(sendHighWaterMark, onWritable, Traffic);
        Id = Interlocked.Increment(ref s_nextId);
    }

    /// <summary>A process-wide unique number, for logs and for generated routing ids.</summary>
    public long Id { get; }

    /// <summary>The endpoint the pipe was made for (bound or connected).</summary>
    public string Endpoint { get; }

    /// <summary>The lane an inproc peer delivers into, once it has one; null for stream transports.</summary>
    public InboundLane? InboundLane { get; set; }

    /// <summary>What the pipe carried, for the runtime's metrics.</summary>
    public PipeTraffic Traffic { get; }

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
