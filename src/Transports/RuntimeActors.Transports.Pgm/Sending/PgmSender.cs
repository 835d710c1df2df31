using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using RuntimeActors.Transports.Pgm.Framing;
using RuntimeActors.Transports.Pgm.Net;
using RuntimeActors.Transports.Pgm.Wire;

namespace RuntimeActors.Transports.Pgm.Sending;

/// <summary>
/// A PGM source: sends ODATA at the rate limit, keeps it in its transmit window, answers NAKs with an NCF and RDATA and
/// SPMRs with an SPM, and sends SPMs (one at start, heartbeats after data at libzmq's intervals, then every 30 s).
/// </summary>
internal sealed class PgmSender : IAsyncDisposable
{
    private static readonly TimeSpan[] Heartbeats =
    [
        TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100),
        TimeSpan.FromMilliseconds(1300), TimeSpan.FromSeconds(7), TimeSpan.FromSeconds(16), TimeSpan.FromSeconds(25), TimeSpan.FromSeconds(30),
    ];

    private static readonly TimeSpan Ambient = TimeSpan.FromSeconds(30);
    // The SPM schedule's finest step is 100 ms: a coarser tick than the receiver's NAK timer costs an idle sender less.
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(25);

    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly PgmSocket _socket;
    private readonly TimeProvider _time;
    private readonly long _start;
    private readonly TransmitWindow _window;
    private readonly RateLimiter _rate;
    private readonly PgmTransportOptions _options;
    private readonly Random _hookRandom;
    private readonly byte[] _sendBuffer;
    private readonly ushort _port;
    private readonly uint _nla;
    private readonly uint _groupNla;
    private readonly int _maxTsdu;
    private readonly ApduEncoder _encoder;
    private readonly List<Apdu> _completed = [];
    private readonly Stack<byte[]> _free = new();
    private readonly List<byte[]> _expired = [];
    private Task _loops = Task.CompletedTask;
    private Task _upstream = Task.CompletedTask;
    private Task _timer = Task.CompletedTask;
    private uint _spmSqn;
    private int _heartbeat = -1;
    private TimeSpan _nextSpm;

    /// <summary>Creates a sender on <paramref name="socket"/>; <see cref="Start"/> starts it.</summary>
    public PgmSender(PgmSocket socket, PgmAddress address, MulticastSettings settings, PgmTransportOptions options, TimeProvider time)
    {
        _socket = socket;
        _time = time;
        _start = time.GetTimestamp();
        _options = options;
        _port = (ushort)address.Port;
        _nla = BinaryPrimitives.ReadUInt32BigEndian(socket.InterfaceAddress.GetAddressBytes());
        _groupNla = BinaryPrimitives.ReadUInt32BigEndian(address.Group.GetAddressBytes());
        var maxTpdu = settings.MaxTpdu > 0 ? settings.MaxTpdu : 1500;
        _maxTsdu = maxTpdu - socket.HeaderOverhead - PgmPacket.HeaderLength - PgmPacket.DataHeaderLength;
        if (_maxTsdu < 16)
        {
            throw new ZmqException(ZmqError.InvalidArgument, address.ToString(), $"ZMQ_MULTICAST_MAXTPDU {maxTpdu} leaves no room for data");
        }

        _window = new TransmitWindow(TransmitWindow.ComputeSqns(settings.RateKilobitsPerSecond, settings.RecoveryInterval, maxTpdu), settings.RecoveryInterval);
        _rate = new RateLimiter(settings.RateKilobitsPerSecond, maxTpdu, time);
        _sendBuffer = new byte[maxTpdu];
        _encoder = new ApduEncoder(_maxTsdu, RentBuffer);
        _hookRandom = options.Seed is { } seed ? new Random(seed) : new Random();
        Span<byte> random = stackalloc byte[8];
        RandomNumberGenerator.Fill(random);
        Gsi = PgmPacket.ReadGsi(random);
        SourcePort = BinaryPrimitives.ReadUInt16BigEndian(random[6..]) is var sport and not 0 ? sport : (ushort)1;
    }

    /// <summary>The sender's GSI.</summary>
    public ulong Gsi { get; }

    /// <summary>The sender's TSI source port.</summary>
    public ushort SourcePort { get; }

    /// <summary>The counters.</summary>
    public PgmCounters Counters { get; } = new();

    /// <summary>The largest TSDU (APDU) the sender puts in one packet.</summary>
    public int MaxTsdu => _maxTsdu;

    private TimeSpan Now => _time.GetElapsedTime(_start);

    /// <summary>Sends the first SPM and starts the NAK and timer loops.</summary>
    public void Start()
    {
        _upstream = Task.Run(() => UpstreamLoopAsync(_stop.Token));
        _timer = Task.Run(() => TimerLoopAsync(_stop.Token));
        _loops = Task.WhenAll(_upstream, _timer);
        _ = SendSpmAsync(_stop.Token).AsTask();
    }

    /// <summary>
    /// Packs <paramref name="message"/> into the APDU being filled and sends the packets it fills, waiting for the rate
    /// limit; what is left in a partly filled packet goes with the next message or at <see cref="FlushAsync"/>.
    /// </summary>
    /// <exception cref="Exception">What ended the NAK or timer loop: the sender cannot repair any more, so its endpoint must fail.</exception>
    public ValueTask SendAsync(ZMessage message, CancellationToken cancellationToken) => PackAndSendAsync(message, cancellationToken);

    /// <summary>Sends the packet being filled, if any: the socket has nothing more queued for now.</summary>
    public ValueTask FlushAsync(CancellationToken cancellationToken) => PackAndSendAsync(null, cancellationToken);

    // Appends the message, or completes the partly filled packet when there is none, and sends what that completed.
    private async ValueTask PackAndSendAsync(ZMessage? message, CancellationToken cancellationToken)
    {
        ThrowIfALoopFailed();
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (message is null)
            {
                _encoder.Flush(_completed);
            }
            else
            {
                _encoder.Append(message, _completed);
            }

            await SendCompletedAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async ValueTask SendCompletedAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var apdu in _completed)
            {
                var length = PgmPacket.HeaderLength + PgmPacket.DataHeaderLength + apdu.Length;
                await _rate.AcquireAsync(length + _socket.HeaderOverhead, cancellationToken).ConfigureAwait(false);
                int packetLength;
                lock (_gate)
                {
                    var sqn = _window.Append(apdu.Buffer, apdu.Length, Now, out var released);
                    if (released is not null)
                    {
                        _free.Push(released);
                    }

                    packetLength = PgmWriter.WriteData(_sendBuffer, PgmPacketType.Odata, SourcePort, _port, Gsi, sqn, _window.Trail, apdu.Span);
                    _heartbeat = 0;
                    _nextSpm = Now + Heartbeats[0];
                }

#pragma warning disable CA5394 // The loss hook only needs repeatable choices, not secret ones.
                if (_options.SkipSentOdata > 0 && _hookRandom.NextDouble() < _options.SkipSentOdata)
#pragma warning restore CA5394
                {
                    Counters.AddOdataSkipped();
                    continue;
                }

                await _socket.TrySendAsync(_sendBuffer.AsMemory(0, packetLength), _socket.GroupEndPoint, cancellationToken).ConfigureAwait(false);
                Counters.AddOdataSent();
            }
        }
        finally
        {
            _completed.Clear();
        }
    }

    private void ThrowIfALoopFailed()
    {
        var failed = _upstream.IsFaulted ? _upstream : _timer.IsFaulted ? _timer : null;
        if (failed is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failed.Exception!.GetBaseException());
        }
    }

    // A buffer for the encoder to fill: one the window let go, else a new one (until the window is full).
    private byte[] RentBuffer()
    {
        lock (_gate)
        {
            return _free.TryPop(out var buffer) ? buffer : new byte[_maxTsdu];
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        try
        {
            await _loops.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        _sendLock.Dispose();
    }

    private async Task TimerLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Tick, _time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            bool due;
            lock (_gate)
            {
                _window.Expire(Now, _expired);
                foreach (var buffer in _expired)
                {
                    _free.Push(buffer);
                }

                _expired.Clear();
                due = Now >= _nextSpm;
            }

            if (due)
            {
                await SendSpmAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async ValueTask SendSpmAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[PgmWriter.SpmLength];
        lock (_gate)
        {
            PgmWriter.WriteSpm(buffer, SourcePort, _port, Gsi, _spmSqn++, _window.Trail, _window.Lead, _nla);
            if (_heartbeat >= 0 && _heartbeat + 1 < Heartbeats.Length)
            {
                _heartbeat++;
                _nextSpm = Now + Heartbeats[_heartbeat];
            }
            else
            {
                _heartbeat = -1;
                _nextSpm = Now + Ambient;
            }
        }

        await _socket.TrySendAsync(buffer, _socket.GroupEndPoint, cancellationToken).ConfigureAwait(false);
        Counters.AddSpmSent();
    }

    private async Task UpstreamLoopAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[65536];
        var reply = new byte[Math.Max(_sendBuffer.Length, PgmWriter.MaxNakLength)];
        var sqns = new uint[PgmPacket.MaxNakSqns];
        while (!cancellationToken.IsCancellationRequested)
        {
            (int Offset, int Length, uint From) received;
            try
            {
                received = await _socket.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

            if (!PgmPacket.TryParse(buffer.AsMemory(received.Offset, received.Length), out var packet) || packet.Gsi != Gsi || packet.DestinationPort != SourcePort)
            {
                continue;
            }

            if (packet.Type == PgmPacketType.Spmr)
            {
                await SendSpmAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            // OpenPGM checks a NAK's NLAs the same way: a NAK for another source or group is not ours to answer.
            if (packet.Type != PgmPacketType.Nak || packet.Nla != _nla || packet.GroupNla != _groupNla)
            {
                continue;
            }

            Counters.AddNakReceived();
            var count = Math.Min(packet.NakCount, sqns.Length);
            for (var i = 0; i < count; i++)
            {
                sqns[i] = packet.NakSqn(i);
            }

            var ncf = PgmWriter.WriteNak(reply, PgmPacketType.Ncf, SourcePort, _port, Gsi, sqns.AsSpan(0, count), _nla, _groupNla);
            await _socket.TrySendAsync(reply.AsMemory(0, ncf), _socket.GroupEndPoint, cancellationToken).ConfigureAwait(false);
            Counters.AddNcfSent();
            for (var i = 0; i < count; i++)
            {
                int length;
                lock (_gate)
                {
                    if (!_window.TryGet(sqns[i], out var tsdu))
                    {
                        continue;
                    }

                    length = PgmWriter.WriteData(reply, PgmPacketType.Rdata, SourcePort, _port, Gsi, sqns[i], _window.Trail, tsdu);
                }

                await _rate.AcquireAsync(length + _socket.HeaderOverhead, cancellationToken).ConfigureAwait(false);
                await _socket.TrySendAsync(reply.AsMemory(0, length), _socket.GroupEndPoint, cancellationToken).ConfigureAwait(false);
                Counters.AddRdataSent();
            }
        }
    }
}
