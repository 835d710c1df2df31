using System.Threading.Channels;

namespace RuntimeActors.Transports;

/// <summary>
/// One socket's end of a multicast group (<see cref="IMulticastTransport"/>): a sender or a receiver, never both.
/// Disposing it leaves the group and releases its sockets.
/// </summary>
public interface IMulticastConnection : ITransportConnection
{
    /// <summary>Whether this end sends (PUB, XPUB) rather than receives (SUB, XSUB).</summary>
    bool IsSender { get; }

    /// <summary>
    /// Sends one message to the group (senders only). Small messages share a packet, as libzmq packs them: the message
    /// may wait in a partly filled packet until the next ones fill it or <see cref="FlushAsync"/>. Completes once the
    /// message is encoded; waits while the rate limit (ZMQ_RATE) holds the sender back, which pushes back on the socket.
    /// The message is the caller's again when the call completes.
    /// </summary>
    /// <exception cref="InvalidOperationException">This end is a receiver.</exception>
    ValueTask SendAsync(ZMessage message, CancellationToken cancellationToken);

    /// <summary>Sends the partly filled packet, if any (senders only): the socket has nothing more queued for now.</summary>
    /// <exception cref="InvalidOperationException">This end is a receiver.</exception>
    ValueTask FlushAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The messages received from the group's senders (receivers only), whole and in each sender's order; never a part
    /// of a message cut by loss. Completes when the connection ends, with its error if it failed.
    /// </summary>
    ChannelReader<ZMessage> Received { get; }

    /// <summary>Data that could not be repaired (receivers only): one item per gap, as it is given up on.</summary>
    ChannelReader<MulticastLoss> Losses { get; }
}
