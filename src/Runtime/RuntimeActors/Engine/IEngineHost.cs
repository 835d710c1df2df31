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
    /// Hands one message to the socket if its inbound queue has room now, without waiting: the path of a peer socket
    /// in the same process that delivers as it sends (inproc). False leaves the message with the caller.
    /// </summary>
    bool TryDeliver(Pipe pipe, ZMessage message);

    /// <summary>The peer subscribed to (or cancelled) <paramref name="topic"/>; PUB and XPUB sockets act on it.</summary>
    void OnSubscription(Pipe pipe, bool subscribe, ReadOnlyMemory<byte> topic);
}
