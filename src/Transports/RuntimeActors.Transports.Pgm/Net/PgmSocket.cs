using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace RuntimeActors.Transports.Pgm.Net;

/// <summary>
/// The one OS socket of a pgm/epgm connection. epgm: UDP, a receiver bound to GROUP:PORT (multicast only), a sender to
/// INTERFACE:PORT, so that unicast NAKs reach the sender even when OpenPGM, bound to 0.0.0.0:PORT, runs on the same
/// host (Linux hands a datagram to the most specific bound socket). pgm: a raw IP socket of protocol 113, which sees
/// every PGM packet of the host; received datagrams start with the IPv4 header, which is skipped here.
/// </summary>
internal sealed class PgmSocket : IDisposable
{
    /// <summary>IP protocol number of PGM.</summary>
    public const int PgmProtocol = 113;

    // Linux SOL_SOCKET/SO_REUSEPORT: OpenPGM shares its ports with SO_REUSEPORT, and Linux lets a second socket bind
    // the same port only when every socket on it set the option.
    private const int SolSocket = 1;
    private const int SoReusePort = 15;

    /// <summary>What a receiver asks for without ZMQ_RCVBUF: 4 MB.</summary>
    public const int DefaultReceiveBufferSize = 4 << 20;

    private readonly Socket _socket;

    // Filled by each receive: the sender's address without an IPEndPoint allocated per datagram.
    private readonly SocketAddress _from = new(AddressFamily.InterNetwork);

    private PgmSocket(Socket socket, bool raw, IPAddress interfaceAddress, PgmAddress address)
    {
        _socket = socket;
        IsRaw = raw;
        InterfaceAddress = interfaceAddress;
        GroupEndPoint = new IPEndPoint(address.Group, raw ? 0 : address.Port);
    }

    /// <summary>Whether this is a raw (pgm://) socket.</summary>
    public bool IsRaw { get; }

    /// <summary>The interface's IPv4 address: the sender's NLA.</summary>
    public IPAddress InterfaceAddress { get; }

    /// <summary>Where downstream packets go.</summary>
    public IPEndPoint GroupEndPoint { get; }

    /// <summary>How many bytes of IP and UDP headers each packet costs (for the rate limit and the TSDU size).</summary>
    public int HeaderOverhead => IsRaw ? 20 : 28;

    /// <summary>Opens the socket for a sender or a receiver of <paramref name="address"/>.</summary>
    /// <exception cref="ZmqException">EACCES for raw sockets without CAP_NET_RAW, EADDRNOTAVAIL, ENODEV...</exception>
    public static PgmSocket Open(PgmAddress address, bool sender, MulticastSettingsView settings)
    {
        var endpoint = address.ToString();
        var raw = address.Transport == PgmTransport.PgmName;
        var interfaceAddress = address.ResolveInterface();
        Socket socket;
        try
        {
            socket = raw
                ? RawSocket.Open(PgmProtocol)
                : new Socket(AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, ProtocolType.Udp);
        }
        catch (SocketException e) when (raw && (e.SocketErrorCode is SocketError.AccessDenied || e.ErrorCode is 1 or 13))
        {
            throw new ZmqException(ZmqError.AccessDenied, endpoint,
                $"pgm:// needs raw sockets (CAP_NET_RAW); use epgm:// (PGM over UDP) instead ({e.SocketErrorCode}: {e.Message})", e);
        }

        try
        {
            if (settings.ReceiveBufferSize >= 0)
            {
                socket.ReceiveBufferSize = settings.ReceiveBufferSize;
            }
            else if (!sender)
            {
                // The system's default (208 KB on Linux) holds some 150 packets: a few milliseconds of a sender at a
                // high ZMQ_RATE while this process is not scheduled, and all it drops must be NAKed and sent again.
                // The kernel caps the request at net.core.rmem_max.
                socket.ReceiveBufferSize = DefaultReceiveBufferSize;
            }

            if (settings.SendBufferSize >= 0)
            {
                socket.SendBufferSize = settings.SendBufferSize;
            }

            if (!raw)
            {
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                socket.SetRawSocketOption(SolSocket, SoReusePort, BitConverter.GetBytes(1));
                socket.Bind(new IPEndPoint(sender ? interfaceAddress : address.Group, address.Port));
            }

            if (!sender)
            {
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(address.Group, interfaceAddress));
            }
            else if (raw)
            {
                // A raw sender still reads the NAKs and SPMRs sent to it; joining lets it see multicast SPMRs too.
                socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.AddMembership, new MulticastOption(address.Group, interfaceAddress));
            }

            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, interfaceAddress.GetAddressBytes());
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastTimeToLive, Math.Clamp(settings.Hops, 0, 255));

            // On the loopback the kernel delivers multicast to local sockets anyway; looping it too would double it.
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastLoopback, !IPAddress.IsLoopback(interfaceAddress));
            TrySetTos(socket);
            return new PgmSocket(socket, raw, interfaceAddress, address);
        }
        catch (SocketException e)
        {
            socket.Dispose();
            var (error, reason) = e.SocketErrorCode switch
            {
                SocketError.AddressAlreadyInUse => (ZmqError.AddressInUse,
                    $"the port {address.Port} is bound by a socket that does not share it (SO_REUSEPORT)"),
                SocketError.AddressNotAvailable => (ZmqError.AddressNotAvailable, $"the interface address {interfaceAddress} is not local to this machine"),
                SocketError.AccessDenied => (ZmqError.AccessDenied, "permission denied"),
                _ => (ZmqError.NoDevice, "the multicast socket could not be set up"),
            };
            throw new ZmqException(error, endpoint, $"{reason} ({e.SocketErrorCode}: {e.Message})", e);
        }
    }

    /// <summary>Sends one PGM packet to <paramref name="target"/> (its port is ignored by raw sockets).</summary>
    /// <remarks>
    /// Several loops send at once (data, repairs, SPMs), so each call passes its endpoint: SendToAsync with one kept
    /// SocketAddress shared by concurrent sends failed inside .NET 10 (a NullReferenceException in DoOperationSendTo,
    /// seen under a repair storm), which ended the sender's NAK loop.
    /// </remarks>
    public ValueTask<int> SendAsync(ReadOnlyMemory<byte> packet, IPEndPoint target, CancellationToken cancellationToken) =>
        _socket.SendToAsync(packet, SocketFlags.None, target, cancellationToken);

    /// <summary>
    /// Sends one PGM packet, taking a failure of the network (no buffer space, network down or unreachable) as the loss
    /// of that packet, which PGM repairs (data) or sends again (NAKs, SPMs): false then, rather than an exception. A
    /// send after the socket closed with the connection is no loss either.
    /// </summary>
    public async ValueTask<bool> TrySendAsync(ReadOnlyMemory<byte> packet, IPEndPoint target, CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync(packet, target, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        catch (ObjectDisposedException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>
    /// Receives one datagram into <paramref name="buffer"/>: where the PGM packet is in it and the sender's IPv4 address
    /// (big-endian, as an NLA), or a zero length for a datagram that is not a whole IPv4 packet (raw sockets).
    /// </summary>
    /// <remarks>One receive at a time: the sender's address is read from a buffer of the socket's.</remarks>
    public async ValueTask<(int Offset, int Length, uint From)> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, _from, cancellationToken).ConfigureAwait(false);
        return Locate(buffer.Span, received);
    }

    /// <summary>
    /// Receives a datagram that is already waiting, without blocking; false when none is. Lets a reader empty the
    /// kernel's buffer in a burst before it handles what it took, as OpenPGM reads a vector of packets at once.
    /// </summary>
    public bool TryReceiveNow(Memory<byte> buffer, out (int Offset, int Length, uint From) received)
    {
        received = default;
        if (_socket.Available == 0)
        {
            return false;
        }

        var length = _socket.ReceiveFrom(buffer.Span, SocketFlags.None, _from);
        received = Locate(buffer.Span, length);
        return true;
    }

    private (int Offset, int Length, uint From) Locate(ReadOnlySpan<byte> buffer, int received)
    {
        // sockaddr_in: family (2 bytes), port (2), address (4).
        var from = BinaryPrimitives.ReadUInt32BigEndian(_from.Buffer.Span[4..8]);
        if (!IsRaw)
        {
            return (0, received, from);
        }

        if (received < 20)
        {
            return (0, 0, from);
        }

        var ihl = (buffer[0] & 0x0f) * 4;
        return ihl < 20 || ihl > received ? (0, 0, from) : (ihl, received - ihl, from);
    }

    /// <inheritdoc />
    public void Dispose() => _socket.Dispose();

    // Expedited forwarding, as libzmq asks; some systems refuse it, which does not matter.
    private static void TrySetTos(Socket socket)
    {
        try
        {
            socket.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.TypeOfService, 0xb8);
        }
        catch (SocketException)
        {
        }
    }
}
