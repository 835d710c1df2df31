using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using RuntimeActors.Transports.Pgm.Framing;
using RuntimeActors.Transports.Pgm.Net;
using RuntimeActors.Transports.Pgm.Wire;

namespace RuntimeActors.Transports.Pgm.Receiving;

/// <summary>
/// A PGM receiver: one window and one APDU reader per source (TSI). One loop reads the socket and handles each datagram
/// in turn, the NAK timer runs between two datagrams, and when the socket's consumer stops taking messages the loop waits
/// and stops reading (the kernel buffer absorbs what comes meanwhile; what it drops is NAKed or reported).
/// </summary>
internal sealed class PgmReceiver : IAsyncDisposable
{
    private const int MaxDatagram = 65536;

    /// <summary>The most datagrams taken off the socket before they are handled.</summary>
    private const int Burst = 32;
    private const int ReceivedCapacity = 1024;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan SourceExpiry = TimeSpan.FromSeconds(300);

    private readonly Dictionary<(ulong Gsi, ushort Port), Source> _sources = [];
    private readonly Channel<ZMessage> _received = Channel.CreateBounded<ZMessage>(new BoundedChannelOptions(ReceivedCapacity) { SingleWriter = true });
    private readonly Channel<MulticastLoss> _losses = Channel.CreateUnbounded<MulticastLoss>(new UnboundedChannelOptions { SingleWriter = true });

    // The sources' state is the read loop's and the NAK timer's in turn.
    private readonly SemaphoreSlim _state = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly PgmSocket _socket;
    private readonly PgmAddress _address;
    private readonly MulticastSettings _settings;
    private readonly PgmTransportOptions _options;
    private readonly ReceiveWindowSettings _windowSettings;
    private readonly TimeProvider _time;
    private readonly long _start;
    private readonly Random _random;
    private readonly uint _groupNla;
    private readonly ushort _port;
    private readonly List<WindowEvent> _events = [];
    private readonly List<ZMessage> _messages = [];
    private readonly List<uint> _naks = [];
    private readonly byte[] _packet = new byte[PgmWriter.MaxNakLength];
    private Task _loops = Task.CompletedTask;

    /// <summary>Creates a receiver on <paramref name="socket"/>; <see cref="Start"/> starts it.</summary>
    public PgmReceiver(PgmSocket socket, PgmAddress address, MulticastSettings settings, PgmTransportOptions options, TimeProvider time)
    {
        _socket = socket;
        _address = address;
        _settings = settings;
        _options = options;
        _windowSettings = options.ReceiveWindow ?? ReceiveWindowSettings.Default;
        _time = time;
        _start = time.GetTimestamp();
        _random = options.Seed is { } seed ? new Random(seed) : new Random();
        _groupNla = BinaryPrimitives.ReadUInt32BigEndian(address.Group.GetAddressBytes());
        _port = (ushort)address.Port;
    }

    /// <summary>The messages received, whole and in each source's order.</summary>
    public ChannelReader<ZMessage> Received => _received.Reader;

    /// <summary>The gaps given up.</summary>
    public ChannelReader<MulticastLoss> Losses => _losses.Reader;

    /// <summary>The counters.</summary>
    public PgmCounters Counters { get; } = new();

    private TimeSpan Now => _time.GetElapsedTime(_start);

    /// <summary>Starts reading the socket and the NAK timer.</summary>
    public void Start()
    {
        var token = _stop.Token;
        var reading = Task.Run(() => ReadLoopAsync(token));
        var ticking = Task.Run(() => TickLoopAsync(token));
        _loops = Task.WhenAll(reading, ticking);

        // Either loop's end ends the receiver: a failure reaches the engine through Received, which ends the endpoint.
        _ = Task.WhenAny(reading, ticking).Unwrap().ContinueWith(
            t =>
            {
                var error = t.Exception?.GetBaseException();
                _received.Writer.TryComplete(error is OperationCanceledException ? null : error);
                _losses.Writer.TryComplete();
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
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

        _received.Writer.TryComplete();
        _losses.Writer.TryComplete();
        _state.Dispose();
        _stop.Dispose();
    }

    /// <summary>
    /// Reads the socket and handles what it read on the same thread, no hand-over per packet (on two cores the wake-ups of
    /// such a hand-over cost more than the packet's work): a wait for the first datagram, then whatever else the kernel
    /// already holds, up to <see cref="Burst"/>, then all of them. While the socket's consumer takes no more messages the
    /// loop waits, the kernel's buffer fills, and what it drops is NAKed later.
    /// </summary>
    private async Task ReadLoopAsync(CancellationToken cancellationToken)
    {
        var buffers = new byte[Burst][];
        for (var i = 0; i < Burst; i++)
        {
            buffers[i] = new byte[MaxDatagram];
        }

        var taken = new (int Offset, int Length, uint From)[Burst];
        while (!cancellationToken.IsCancellationRequested)
        {
            var count = 0;
            try
            {
                taken[0] = await _socket.ReceiveAsync(buffers[0], cancellationToken).ConfigureAwait(false);
                count = 1;
                while (count < Burst && _socket.TryReceiveNow(buffers[count], out taken[count]))
                {
                    count++;
                }
            }
            catch (SocketException) when (!cancellationToken.IsCancellationRequested)
            {
                // A transient receive error (an ICMP error for an earlier NAK, for one) does not end the receiver;
                // what was taken before it is still handled.
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            await _state.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                for (var i = 0; i < count; i++)
                {
                    await HandleAsync(new Input(buffers[i], taken[i].Offset, taken[i].Length, taken[i].From), cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                _state.Release();
            }
        }
    }

    /// <summary>Runs the NAK timers every tick, between two datagrams of the read loop.</summary>
    private async Task TickLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Tick, _time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            await _state.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await PollAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _state.Release();
            }
        }
    }

    private async ValueTask HandleAsync(Input input, CancellationToken cancellationToken)
    {
        if (!PgmPacket.TryParse(input.Buffer.AsMemory(input.Offset, input.Length), out var packet) || packet.DestinationPort != _port)
        {
            return;
        }

        var now = Now;
        var key = (packet.Gsi, packet.SourcePort);
        _sources.TryGetValue(key, out var source);
        switch (packet.Type)
        {
            case PgmPacketType.Odata or PgmPacketType.Rdata or PgmPacketType.Spm:
                if (source is null)
                {
                    source = new Source(packet.Gsi, packet.SourcePort, new ReceiveWindow(_windowSettings, NextRandom), new ApduReader(_settings.MaxMessageSize), input.From);
                    _sources[key] = source;
                }

                break;
            case PgmPacketType.Ncf when source is not null && packet.GroupNla == _groupNla:
                for (var i = 0; i < packet.NakCount; i++)
                {
                    source.Window.OnNcf(packet.NakSqn(i), now);
                }

                return;
            default:
                return;
        }

        source.LastHeard = now;
        source.From = input.From;
        _events.Clear();
        if (packet.Type == PgmPacketType.Spm)
        {
            source.Nla = packet.Nla;
            source.Window.OnSpm(packet.Trail, packet.Lead, now, _events);
        }
        else
        {
#pragma warning disable CA5394 // The loss hook only needs repeatable choices, not secret ones.
            if (packet.Type == PgmPacketType.Odata && _options.DropReceivedOdata > 0 && _random.NextDouble() < _options.DropReceivedOdata)
#pragma warning restore CA5394
            {
                Counters.AddOdataDropped();
                return;
            }

            if (packet.Type == PgmPacketType.Rdata)
            {
                Counters.AddRdataReceived();
            }

            source.Window.OnData(packet.Sqn, packet.Trail, packet.Payload, packet.Fragment, now, _events);
            if (source.Nla is null && !source.SpmrSent)
            {
                // No SPM yet: ask for one, since NAKs must name the source's address as its SPM gives it.
                source.SpmrSent = true;
                var length = PgmWriter.WriteSpmr(_packet, _port, source.Port, source.Gsi);
                await _socket.TrySendAsync(_packet.AsMemory(0, length), Upstream(source), cancellationToken).ConfigureAwait(false);
            }
        }

        await DeliverAsync(source, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask PollAsync(CancellationToken cancellationToken)
    {
        var now = Now;
        List<(ulong, ushort)>? expired = null;
        foreach (var source in _sources.Values)
        {
            if (now - source.LastHeard > SourceExpiry)
            {
                (expired ??= []).Add((source.Gsi, source.Port));
                continue;
            }

            _events.Clear();
            _naks.Clear();
            source.Window.Poll(now, _naks, _events);
            for (var i = 0; i < _naks.Count; i += PgmPacket.MaxNakSqns)
            {
                var count = Math.Min(PgmPacket.MaxNakSqns, _naks.Count - i);
                var sourceNla = source.Nla ?? source.From;
                var length = PgmWriter.WriteNak(_packet, PgmPacketType.Nak, _port, source.Port, source.Gsi,
                    System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_naks).Slice(i, count), sourceNla, _groupNla);
                await _socket.TrySendAsync(_packet.AsMemory(0, length), Upstream(source), cancellationToken).ConfigureAwait(false);
                Counters.AddNaksSent(count);
            }

            await DeliverAsync(source, cancellationToken).ConfigureAwait(false);
        }

        foreach (var key in expired ?? [])
        {
            _sources.Remove(key);
        }
    }

    // Hands on the window's events: APDUs to the reader, losses to Losses (and the reader resynchronises).
    private async ValueTask DeliverAsync(Source source, CancellationToken cancellationToken)
    {
        if (_events.Count == 0)
        {
            return;
        }

        // The events are read here, before the first wait: an APDU may lie in the packet buffer the caller returns after.
        _messages.Clear();
        foreach (var e in _events)
        {
            if (!e.IsLoss)
            {
                if (!source.Reader.Read(e.Apdu.Span, _messages, out var error))
                {
                    // What was partly read is dropped and the reader waits for the next message start: a loss to report.
                    Counters.AddLoss();
                    _losses.Writer.TryWrite(new MulticastLoss(PgmPacket.FormatTsi(source.Gsi, source.Port), 0, $"a malformed ZeroMQ stream: {error}"));
                }

                continue;
            }

            source.Reader.Lose();
            Counters.AddLoss();
            _losses.Writer.TryWrite(new MulticastLoss(PgmPacket.FormatTsi(source.Gsi, source.Port), e.LostPackets, e.Reason ?? "lost"));
        }

        _events.Clear();
        foreach (var message in _messages)
        {
            if (!_received.Writer.TryWrite(message))
            {
                await _received.Writer.WriteAsync(message, cancellationToken).ConfigureAwait(false);
            }
        }

        _messages.Clear();
    }

    private IPEndPoint Upstream(Source source)
    {
        var address = ToAddress(source.Nla ?? source.From);
        return new IPEndPoint(address, _socket.IsRaw ? 0 : _address.Port);
    }

    private static IPAddress ToAddress(uint nla)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, nla);
        return new IPAddress(bytes);
    }

    private double NextRandom()
    {
#pragma warning disable CA5394 // The NAK back-off only spreads NAKs in time.
        return _random.NextDouble();
#pragma warning restore CA5394
    }

    private readonly record struct Input(byte[] Buffer, int Offset, int Length, uint From);

    private sealed class Source(ulong gsi, ushort port, ReceiveWindow window, ApduReader reader, uint from)
    {
        public ulong Gsi { get; } = gsi;

        public ushort Port { get; } = port;

        public ReceiveWindow Window { get; } = window;

        public ApduReader Reader { get; } = reader;

        /// <summary>The IPv4 address (big-endian) the source's last packet came from: its NLA until an SPM gives one.</summary>
        public uint From { get; set; } = from;

        public uint? Nla { get; set; }

        public bool SpmrSent { get; set; }

        public TimeSpan LastHeard { get; set; }
    }
}
