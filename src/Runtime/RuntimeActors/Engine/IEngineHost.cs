using RuntimeActors.Pipes;

namespace RuntimeActors.Engine;

/// <summary>What a connection engine needs from the socket it serves.</summary>
internal interface IEngineHost
{
    /// <summary>
    /// Hands a received message to the socket. Waits while the socket's inbound queue is at its high-water
    /// mark, which stops the engine reading and so pushes back on the peer through the transport.
    /// </summary>
    ValueTask DeliverAsync(Pipe pipe, ZMessage message, CancellationToken cancellationToken);

    /// <summary>The peer subscribed to (or cancelled) <paramref name="topic"/>; PUB and XPUB sockets act on it.</summary>
    void OnSubscription(Pipe pipe, bool subscribe, ReadOnlyMemory<byte> topic);
}
