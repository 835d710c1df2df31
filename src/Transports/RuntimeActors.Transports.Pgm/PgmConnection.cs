using System.Threading.Channels;
using RuntimeActors.Transports.Pgm.Receiving;
using RuntimeActors.Transports.Pgm.Sending;

namespace RuntimeActors.Transports.Pgm;

/// <summary>One socket's end of a PGM group: a <see cref="PgmSender"/> or a <see cref="PgmReceiver"/>.</summary>
internal sealed class PgmConnection : IMulticastConnection
{
    private static readonly Channel<ZMessage> NoMessages = Completed<ZMessage>();
    private static readonly Channel<MulticastLoss> NoLosses = Completed<MulticastLoss>();

    private readonly PgmSender? _sender;
    private readonly PgmReceiver? _receiver;

    private PgmConnection(string endpoint, PgmSender? sender, PgmReceiver? receiver)
    {
        LocalEndpoint = endpoint;
        RemoteEndpoint = endpoint;
        _sender = sender;
        _receiver = receiver;
    }

    /// <inheritdoc />
    public string LocalEndpoint { get; }

    /// <inheritdoc />
    public string RemoteEndpoint { get; }

    /// <inheritdoc />
    public bool IsSender => _sender is not null;

    /// <inheritdoc />
    public ChannelReader<ZMessage> Received => _receiver?.Received ?? NoMessages.Reader;

    /// <inheritdoc />
    public ChannelReader<MulticastLoss> Losses => _receiver?.Losses ?? NoLosses.Reader;

    /// <summary>What this end did (NAKs, RDATA, losses...), for tests.</summary>
    public PgmCounters Counters => _sender?.Counters ?? _receiver!.Counters;

    /// <summary>The sender, if this end sends.</summary>
    internal PgmSender? Sender => _sender;

    /// <summary>Wraps a started sender.</summary>
    public static PgmConnection ForSender(string endpoint, PgmSender sender) => new(endpoint, sender, null);

    /// <summary>Wraps a started receiver.</summary>
    public static PgmConnection ForReceiver(string endpoint, PgmReceiver receiver) => new(endpoint, null, receiver);

    /// <inheritdoc />
    public ValueTask SendAsync(ZMessage message, CancellationToken cancellationToken) => SendingEnd.SendAsync(message, cancellationToken);

    /// <inheritdoc />
    public ValueTask FlushAsync(CancellationToken cancellationToken) => SendingEnd.FlushAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _sender is not null ? _sender.DisposeAsync() : _receiver!.DisposeAsync();

    private PgmSender SendingEnd =>
        _sender ?? throw new InvalidOperationException($"{LocalEndpoint} is a multicast receiver; only senders (PUB, XPUB) send.");

    private static Channel<T> Completed<T>()
    {
        var channel = Channel.CreateUnbounded<T>();
        channel.Writer.Complete();
        return channel;
    }
}
