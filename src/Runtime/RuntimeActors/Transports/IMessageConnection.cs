using System.Threading.Channels;

namespace RuntimeActors.Transports;

/// <summary>
/// A connection between two sockets of one process (inproc): no encoding and no copy of frames. The runtime on each
/// end writes its handshake to <see cref="Output"/> and reads the peer's from <see cref="Input"/>; then the two ends
/// exchange what lets each socket deliver straight into the other, and messages no longer pass through the connection.
/// Completing <see cref="Output"/> (or disposing the connection) closes this end's half.
/// </summary>
public interface IMessageConnection : ITransportConnection
{
    /// <summary>The peer's messages; completed when the peer closed its half.</summary>
    ChannelReader<ZMessage> Input { get; }

    /// <summary>Messages to the peer.</summary>
    ChannelWriter<ZMessage> Output { get; }
}
