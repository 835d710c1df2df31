using System.Threading.Channels;

namespace RuntimeActors.Transports.Inproc;

/// <summary>
/// One end of an inproc connection: two bounded channels (<see cref="InprocChannel"/>) cross between the ends, so what one end writes the
/// other reads, as the same message objects. Disposing an end completes its output: the other end reads to
/// the end of what was sent and then sees the connection closed.
/// </summary>
internal sealed class InprocConnection : IMessageConnection
{
    private InprocConnection(string localEndpoint, string remoteEndpoint, Channel<ZMessage> input, Channel<ZMessage> output)
    {
        LocalEndpoint = localEndpoint;
        RemoteEndpoint = remoteEndpoint;
        Input = input.Reader;
        Output = output.Writer;
    }

    public ChannelReader<ZMessage> Input { get; }

    public ChannelWriter<ZMessage> Output { get; }

    public string LocalEndpoint { get; }

    public string RemoteEndpoint { get; }

    /// <summary>A connected pair of ends for <paramref name="endpoint"/>: (connecting end, bound end).</summary>
    /// <param name="endpoint">The bound name, as an endpoint.</param>
    /// <param name="capacity">Messages in flight per direction on top of the sockets' own high-water marks.</param>
    public static (InprocConnection Connecting, InprocConnection Bound) CreatePair(string endpoint, int capacity)
    {
        var toBound = NewChannel(capacity);
        var toConnecting = NewChannel(capacity);
        return (new InprocConnection(endpoint, endpoint, toConnecting, toBound), new InprocConnection(endpoint, endpoint, toBound, toConnecting));
    }

    public ValueTask DisposeAsync()
    {
        Output.TryComplete();
        return ValueTask.CompletedTask;
    }

    private static Channel<ZMessage> NewChannel(int capacity) => new InprocChannel(capacity);
}
