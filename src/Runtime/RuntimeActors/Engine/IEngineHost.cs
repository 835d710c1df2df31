using RuntimeActors.Pipes;

namespace RuntimeActors.Engine;

/// <summary>What a connection engine needs from the socket it serves.</summary>
internal interface IEngineHost
{
    /// <summary>
    /// Hands received messages to the socket, in order. Waits while the socket's inbound queue is at its
    /// high-water mark, which stops the engine reading and so pushes back on the peer through the transport.
    /// The list is the engine's again once the returned task completes.
    /// </summary>
    ValueTask DeliverAsync(Pipe pipe, IReadOnlyList<ZMessage> messages, CancellationToken cancellationToken);

    /// <summary>
    /// Opens a lane of its own into the socket's inbound queue for <paramref name="pipe"/>, for a peer in the same
    /// process that will deliver as it sends (inproc). One writer at a time: the peer's sending socket or its engine.
    /// </summary>
    InboundLane OpenLane(Pipe pipe);

    /// <summary>Hands one message to the socket through <paramref name="lane"/> if it has room now, without waiting; false leaves it with the caller.</summary>
    bool TryDeliver(InboundLane lane, ZMessage message);

    /// <summary>Hands messages to the socket through <paramref name="lane"/>, in order, waiting while the lane is at its high-water mark.</summary>
    ValueTask DeliverAsync(InboundLane lane, IReadOnlyList<ZMessage> messages, CancellationToken cancellationToken);

    /// <summary>
    /// The peer subscribed to (or cancelled) <paramref name="topic"/>; PUB and XPUB sockets act on it. Waits while the
    /// socket cannot take it (an XPUB whose inbound queue of reports is at its high-water mark), which stops the engine
    /// reading as a full socket does for messages.
    /// </summary>
    /// <exception cref="ZmqException">The peer passed a bound on its subscriptions: its connection must end.</exception>
    ValueTask OnSubscriptionAsync(Pipe pipe, bool subscribe, ReadOnlyMemory<byte> topic, CancellationToken cancellationToken);
}
