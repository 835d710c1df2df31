using System.Threading.Channels;

namespace RuntimeActors.Transports.Inproc;

/// <summary>
/// One end of an inproc connection: two channels cross between the ends, so what one end writes the other reads, as
/// the same message objects. They carry only the start and the end of the connection (the runtime's handshake and the
/// join after it; see <see cref="IMessageConnection"/>), so they need no bound. Disposing an end completes its output:
/// the other end sees the connection closed.
/// </summary>
internal sealed class InprocConnection : IMessageConnection
{
    private InprocConnection(string endpoint, Channel<ZMessage> input, Channel<ZMessage> output)
    {
        LocalEndpoint = endpoint;
        RemoteEndpoint = endpoint;
        Input = input.Reader;
        Output = output.Writer;
    }

    public ChannelReader<ZMessage> Input { get; }

    public ChannelWriter<ZMessage> Output { get; }

    public string LocalEndpoint { get; }

    public string RemoteEndpoint { get; }

    /// <summary>A connected pair of ends for <paramref name="endpoint"/>: (connecting end, bound end).</summary>
    /// <param name="endpoint">The bound name, as an endpoint.</param>
    public static (InprocConnection Connecting, InprocConnection Bound) CreatePair(string endpoint)
    {
        var toBound = NewChannel();
        var toConnecting = NewChannel();
        return (new InprocConnection(endpoint, toConnecting, toBound), new InprocConnection(endpoint, toBound, toConnecting));
    }

    public ValueTask DisposeAsync()
    {
        Output.TryComplete();
        return ValueTask.CompletedTask;
    }

    private static Channel<ZMessage> NewChannel() =>
        Channel.CreateUnbounded<ZMessage>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
}
