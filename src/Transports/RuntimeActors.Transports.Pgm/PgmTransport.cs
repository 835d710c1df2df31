using System.Net.Sockets;
using RuntimeActors.Transports.Pgm.Net;
using RuntimeActors.Transports.Pgm.Receiving;
using RuntimeActors.Transports.Pgm.Sending;

namespace RuntimeActors.Transports.Pgm;

/// <summary>
/// The <c>pgm</c> and <c>epgm</c> transports of zmq_pgm(7): PGM (RFC 3208) as OpenPGM speaks it, as IP protocol 113
/// (<c>pgm</c>, raw sockets, CAP_NET_RAW) or inside UDP (<c>epgm</c>), with libzmq's framing inside, so libzmq
/// publishers and subscribers on the same group interoperate. Endpoints are <c>INTERFACE;MULTICAST:PORT</c> (IPv4).
/// </summary>
public sealed class PgmTransport : IMulticastTransport
{
    /// <summary>The name of PGM over raw IP: <c>pgm</c>.</summary>
    public const string PgmName = "pgm";

    /// <summary>The name of PGM over UDP: <c>epgm</c>.</summary>
    public const string EpgmName = "epgm";

    private readonly PgmTransportOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates the transport named <paramref name="name"/> (<see cref="PgmName"/> or <see cref="EpgmName"/>).</summary>
    /// <exception cref="ArgumentException">Another name.</exception>
    public PgmTransport(string name)
        : this(name, PgmTransportOptions.None, TimeProvider.System)
    {
    }

    internal PgmTransport(string name, PgmTransportOptions options, TimeProvider time)
    {
        if (name is not (PgmName or EpgmName))
        {
            throw new ArgumentException($"A PGM transport is named '{PgmName}' or '{EpgmName}', not '{name}'.", nameof(name));
        }

        Name = name;
        _options = options;
        _time = time;
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public bool Supports(SocketType socketType) => socketType is SocketType.Pub or SocketType.XPub or SocketType.Sub or SocketType.XSub;

    /// <inheritdoc />
    public TransportAddress Resolve(string address, EndpointUse use) => PgmAddress.Parse(Name, address);

    /// <inheritdoc />
    public ValueTask<IMulticastConnection> OpenAsync(TransportAddress address, MulticastSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult<IMulticastConnection>(Open(address, settings));
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">Always: the runtime opens multicast endpoints with OpenAsync.</exception>
    public ValueTask<ITransportListener> ListenAsync(TransportAddress address, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"{Name} is a multicast transport: it has no listener; the runtime opens it with OpenAsync for bind and connect alike.");

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">Always: the runtime opens multicast endpoints with OpenAsync.</exception>
    public ValueTask<ITransportConnection> ConnectAsync(TransportAddress address, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"{Name} is a multicast transport: it does not connect to a peer; the runtime opens it with OpenAsync for bind and connect alike.");

    /// <inheritdoc />
    public bool IsTransient(Exception connectFailure)
    {
        var socketError = connectFailure switch
        {
            SocketException s => s.SocketErrorCode,
            ZmqException { InnerException: SocketException s } => s.SocketErrorCode,
            _ => SocketError.Success,
        };
        return socketError is SocketError.NoBufferSpaceAvailable or SocketError.NetworkDown or SocketError.NetworkUnreachable
            or SocketError.HostUnreachable or SocketError.TryAgain or SocketError.Interrupted;
    }

    /// <summary>Opens a sender or receiver (the typed result, for tests).</summary>
    internal PgmConnection Open(TransportAddress address, MulticastSettings settings)
    {
        if (address is not PgmAddress pgm || pgm.Transport != Name)
        {
            throw new ArgumentException($"The address {address} was not resolved by the {Name} transport.", nameof(address));
        }

        var endpoint = pgm.ToString();
        if (!Supports(settings.SocketType))
        {
            throw new ZmqException(ZmqError.IncompatibleProtocol, endpoint, $"{Name} serves PUB, XPUB, SUB and XSUB sockets, not {settings.SocketType}");
        }

        if (settings.RateKilobitsPerSecond <= 0)
        {
            throw new ZmqException(ZmqError.InvalidArgument, endpoint, $"ZMQ_RATE {settings.RateKilobitsPerSecond} must be positive");
        }

        var sending = settings.SocketType is SocketType.Pub or SocketType.XPub;
        var socket = PgmSocket.Open(pgm, sending, new MulticastSettingsView(settings.Hops, settings.ReceiveBufferSize, settings.SendBufferSize));
        try
        {
            if (sending)
            {
                var sender = new PgmSender(socket, pgm, settings, _options, _time);
                sender.Start();
                return PgmConnection.ForSender(endpoint, sender);
            }

            var receiver = new PgmReceiver(socket, pgm, settings, _options, _time);
            receiver.Start();
            return PgmConnection.ForReceiver(endpoint, receiver);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
