using System.Threading.Channels;

namespace RuntimeActors.Transports;

/// <summary>
/// A connection that carries whole messages between two sockets of one process (inproc): no encoding and no
/// copy of frames. The runtime writes its handshake and then its messages to <see cref="Output"/>, reads the
/// peer's from <see cref="Input"/>, and completes <see cref="Output"/> to close its half.
/// </summary>
public interface IMessageConnection : ITransportConnection
{
    /// <summary>The peer's messages; completed when the peer closed its half.</summary>
    ChannelReader<ZMessage> Input { get; }

    /// <summary>Messages to the peer.</summary>
    ChannelWriter<ZMessage> Output { get; }
}
