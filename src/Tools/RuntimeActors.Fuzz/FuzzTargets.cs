using System.Buffers;
using System.Text;
using RuntimeActors.Engine;
using RuntimeActors.Security;
using RuntimeActors.Sockets;
using RuntimeActors.Transports;
using RuntimeActors.Transports.Inproc;
using RuntimeActors.Transports.Ipc;
using RuntimeActors.Transports.Tcp;
using RuntimeActors.Transports.Vsock;
using RuntimeActors.Wire;

namespace RuntimeActors.Fuzz;

/// <summary>
/// Every fuzz target by name, shared by the AFL++ runner (Program) and the property suite. Each swallows only the
/// typed errors its code documents for malformed input (<see cref="ZmtpProtocolException"/>, and where a mechanism or
/// parser documents them <see cref="ZmtpAuthenticationException"/>, <see cref="ZmqException"/>, <see cref="FormatException"/>).
/// </summary>
/// <remarks>
/// Input layouts. <c>greeting</c>: the first bytes a peer sends. <c>frames</c>: any byte stream for the incremental
/// frame decoder. <c>command</c>: one command frame body. <c>endpoint</c>: an endpoint as a user types it (UTF-8).
/// <c>z85</c>: Z85 text or a CURVE key option value. <c>decoder</c> and the handshake targets (<c>null</c>,
/// <c>plain-client</c>, <c>plain-server</c>, <c>curve-client</c>, <c>curve-server</c>): one setup byte (low nibble: our
/// socket type modulo 11; high bit: a 1 KiB ZMQ_MAXMSGSIZE instead of none), then what the peer sends after its greeting.
/// </remarks>
internal static class FuzzTargets
{
    /// <summary>The CURVE server's fixed key pair, also used by scripts/fuzz-record.py for the recorded corpus.</summary>
    internal const string CurveServerSecret = "xg=s*]sjRGY@^9UZhq&S>Q[nFqrcRAUBn[YZ&v4i";

    /// <summary>The CURVE client's fixed key pair, also used by scripts/fuzz-record.py.</summary>
    internal const string CurveClientSecret = "5}$?aB$5xR8auU(<B+-D:!HOxV#HPeYm6=AJCu0u";

    /// <summary>The PLAIN credentials of the recorded corpus.</summary>
    internal const string PlainUser = "admin";

    /// <summary>The PLAIN password of the recorded corpus.</summary>
    internal const string PlainPassword = "secret";

    private const long SmallMaxMessageSize = 1024;

    /// <summary>Read sizes the stream targets cycle through, so that headers and bodies straddle reads and segments.</summary>
    private static readonly int[] ReadSizes = [1, 7, 64, 3, 1500, 2, 250];

    /// <summary>The targets by name, in the order <c>scripts/fuzz.sh --all</c> runs them.</summary>
    public static IReadOnlyDictionary<string, FuzzTarget> All { get; } = new Dictionary<string, FuzzTarget>(StringComparer.Ordinal)
    {
        ["greeting"] = Greeting,
        ["frames"] = Frames,
        ["decoder"] = Decoder,
        ["command"] = Command,
        ["null"] = input => Handshake("null", input),
        ["plain-client"] = input => Handshake("plain-client", input),
        ["plain-server"] = input => Handshake("plain-server", input),
        ["curve-client"] = input => Handshake("curve-client", input),
        ["curve-server"] = input => Handshake("curve-server", input),
        ["endpoint"] = EndpointText,
        ["z85"] = Z85Text,
    };

    /// <summary>The mechanism of each handshake target, made for our socket type, and whether ZAP allows the peer (or there is no handler).</summary>
    private static readonly Dictionary<string, (Func<SocketType, IZmtpMechanism> Create, bool ZapAllows)> Mechanisms = new(StringComparer.Ordinal)
    {
        ["null"] = (static type => new NullMechanism(Metadata(type), Security(SecurityMechanism.Null, false, "fuzz"), "127.0.0.1"), true),
        ["plain-client"] = (static type => new PlainClientMechanism(Metadata(type), Security(SecurityMechanism.Plain, false, "")), false),
        ["plain-server"] = (static type => new PlainServerMechanism(Metadata(type), Security(SecurityMechanism.Plain, true, "fuzz"), "127.0.0.1"), true),
        ["curve-client"] = (static type => new CurveClientMechanism(Metadata(type), Security(SecurityMechanism.Curve, false, "")), false),
        ["curve-server"] = (static type => new CurveServerMechanism(Metadata(type), Security(SecurityMechanism.Curve, true, "fuzz"), "127.0.0.1"), true),
    };

    /// <summary>The peer's greeting, checked as its bytes arrive (as ZmtpHandshake does), then whole against each mechanism.</summary>
    public static void Greeting(ReadOnlySpan<byte> input)
    {
        try
        {
            for (var n = 0; n <= Math.Min(input.Length, ZmtpGreeting.Length); n++)
            {
                ZmtpGreeting.ValidatePrefix(input[..n]);
            }
        }
        catch (ZmtpProtocolException)
        {
            return;
        }

        if (input.Length < ZmtpGreeting.Length)
        {
            return;
        }

        foreach (var mechanism in (ReadOnlySpan<string>)[NullMechanism.MechanismName, PlainClientMechanism.MechanismName, CurveClientMechanism.MechanismName])
        {
            try
            {
                ZmtpGreeting.Parse(input[..ZmtpGreeting.Length], mechanism);
            }
            catch (ZmtpProtocolException)
            {
            }
        }
    }

    /// <summary>The incremental frame decoder, fed in reads of varying size, with a body buffer that grows as bytes arrive.</summary>
    public static void Frames(ReadOnlySpan<byte> input)
    {
        var decoder = new ZmtpFrameDecoder();
        var body = Array.Empty<byte>();
        var read = 0;
        try
        {
            for (var offset = 0; offset < input.Length; read++)
            {
                var chunk = input.Slice(offset, Math.Min(ReadSizes[read % ReadSizes.Length], input.Length - offset));
                offset += chunk.Length;
                while (!chunk.IsEmpty)
                {
                    if (!decoder.IsReadingBody)
                    {
                        if (!decoder.TryReadHeader(chunk, out var used))
                        {
                            break;
                        }

                        chunk = chunk[used..];
                        // A header is only a claim: memory follows what arrived, as ZmtpMessageDecoder sizes it.
                        body = new byte[Math.Min(decoder.BodyLength, Math.Max(chunk.Length, 64))];
                    }

                    var complete = decoder.TryReadBody(chunk, body, out var consumed);
                    chunk = chunk[consumed..];
                    if (!complete && !chunk.IsEmpty)
                    {
                        var grown = new byte[(int)Math.Min(decoder.BodyLength, Math.Max(2L * body.Length, (long)decoder.BodyBytesRead + chunk.Length))];
                        body.AsSpan(0, decoder.BodyBytesRead).CopyTo(grown);
                        body = grown;
                    }
                }
            }
        }
        catch (ZmtpProtocolException)
        {
        }
    }

    /// <summary>The connection decoder after the handshake: frames into messages, subscriptions, PING/PONG and other commands.</summary>
    public static void Decoder(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return;
        }

        var (type, maxMessageSize) = Setup(input[0]);
        var decoder = new ZmtpMessageDecoder(maxMessageSize, type is SocketType.Pub or SocketType.XPub) { Handshaking = false };
        try
        {
            DecodeStream(decoder, input[1..].ToArray());
        }
        catch (ZmtpProtocolException)
        {
        }
        finally
        {
            decoder.ReleaseBuffers();
        }
    }

    /// <summary>One command body: its name, then what its kind carries (READY metadata, PING, ERROR, subscriptions).</summary>
    public static void Command(ReadOnlySpan<byte> input)
    {
        _ = ZmtpLegacySubscription.TryParse(input, out _, out _);
        try
        {
            var command = ZmtpCommand.Parse(input);
            switch (command.Kind)
            {
                case ZmtpCommandKind.Ping:
                    ZmtpPingCommand.Parse(command.Data, out _, out _);
                    break;
                case ZmtpCommandKind.Error:
                    ZmtpErrorCommand.ParseReason(command.Data);
                    break;
                case ZmtpCommandKind.Subscribe or ZmtpCommandKind.Cancel or ZmtpCommandKind.Pong:
                    // Their data is an opaque topic or context.
                    break;
                default:
                    // READY, and PLAIN's INITIATE, carry metadata; an unknown command is given the same parse.
                    ZmtpMetadata.Parse(command.Data).ReadSocketType();
                    break;
            }
        }
        catch (ZmtpProtocolException)
        {
        }
    }

    /// <summary>An endpoint as typed by a user: split, then the address part given to every transport's parser for bind and connect.</summary>
    public static void EndpointText(ReadOnlySpan<byte> input)
    {
        var text = Encoding.UTF8.GetString(input);
        try
        {
            _ = Endpoint.Parse(text).ToString();
        }
        catch (ZmqException)
        {
        }

        var separator = text.IndexOf("://", StringComparison.Ordinal);
        var address = separator >= 0 ? text[(separator + 3)..] : text;
        foreach (var use in (ReadOnlySpan<EndpointUse>)[EndpointUse.Bind, EndpointUse.Connect])
        {
            Parse(() => Fixtures.Tcp.Resolve(address, use));
            Parse(() => Fixtures.Ipc.Resolve(address, use));
            Parse(() => Fixtures.Inproc.Resolve(address, use));
            Parse(() => VmAddress.Parse("vsock", address, use));
            Parse(() => VmAddress.Parse("vmci", address, use));
        }

        static void Parse(Func<TransportAddress> parse)
        {
            try
            {
                _ = parse().ToString();
            }
            catch (ZmqException)
            {
            }
        }
    }

    /// <summary>Z85 text (a CURVE key as users paste it) and the CURVE key option parser; what decodes must encode back to itself.</summary>
    public static void Z85Text(ReadOnlySpan<byte> input)
    {
        var text = Encoding.Latin1.GetString(input);
        byte[]? decoded = null;
        try
        {
            decoded = Z85.Decode(text);
        }
        catch (FormatException)
        {
        }

        Span<byte> buffer = stackalloc byte[64];
        var fits = text.Length / 5 * 4 <= buffer.Length;
        var decodedInto = Z85.TryDecode(text, buffer, out var written);
        if (fits && decodedInto != decoded is not null)
        {
            throw new InvalidOperationException($"Z85.Decode and Z85.TryDecode disagree about \"{text}\".");
        }

        if (decoded is not null && Z85.Encode(decoded) != text)
        {
            throw new InvalidOperationException($"Z85 \"{text}\" decodes to bytes that encode to \"{Z85.Encode(decoded)}\".");
        }

        if (decodedInto && !buffer[..written].SequenceEqual(decoded))
        {
            throw new InvalidOperationException($"Z85.TryDecode of \"{text}\" wrote other bytes than Z85.Decode.");
        }

        try
        {
            CurveKey.Parse(input, "ZMQ_CURVE_SERVERKEY");
        }
        catch (ZmqException)
        {
        }

        try
        {
            CurveKey.Parse(text, "ZMQ_CURVE_SERVERKEY");
        }
        catch (ZmqException)
        {
        }
    }

    /// <summary>
    /// Drives a mechanism as ZmtpHandshake does: what the peer sends is decoded into command frames and handed over one
    /// by one; whatever the mechanism has to say is written (and dropped), ZAP allows the peer or is absent, as the target says. Once the
    /// handshake is complete the rest of the input goes through the data-phase decoder, through the mechanism's cipher.
    /// </summary>
    /// <returns>Where the handshake ended (tests check that recorded traffic gets through); null for empty input.</returns>
    internal static ZmtpMechanismStatus? Handshake(string target, ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return null;
        }

        var (create, zapAllows) = Mechanisms[target];
        var zap = zapAllows ? Fixtures.Allow : null;
        var (type, maxMessageSize) = Setup(input[0]);
        var mechanism = create(type);
        var decoder = new ZmtpMessageDecoder(maxMessageSize, type is SocketType.Pub or SocketType.XPub);
        var output = new ArrayBufferWriter<byte>();
        var stream = input[1..].ToArray();
        try
        {
            Advance(mechanism, output, zap);
            var reader = new SequenceReader<byte>(new ReadOnlySequence<byte>(stream));
            while (mechanism.Status == ZmtpMechanismStatus.Handshaking && decoder.TryDecodeFrame(ref reader))
            {
                mechanism.ProcessCommand(decoder.CommandBody);
                Advance(mechanism, output, zap);
            }

            if (mechanism.Status == ZmtpMechanismStatus.Ready)
            {
                decoder.Handshaking = false;
                decoder.Cipher = mechanism.Cipher;
                DecodeStream(decoder, stream.AsMemory((int)reader.Consumed));
            }
        }
        catch (ZmtpProtocolException)
        {
        }
        catch (ZmtpAuthenticationException)
        {
        }
        catch (ZmqException) when (mechanism.Status == ZmtpMechanismStatus.Error)
        {
            // A mechanism that needs ZAP and has none; the handshakes here always answer, but the path is documented.
        }
        finally
        {
            decoder.ReleaseBuffers();
        }

        return mechanism.Status;
    }

    private static void Advance(IZmtpMechanism mechanism, ArrayBufferWriter<byte> output, ZapReply? zap)
    {
        while (true)
        {
            while (mechanism.TryWriteNextCommand(output))
            {
            }

            output.ResetWrittenCount();
            if (mechanism.PendingZapRequest is null || mechanism.Status == ZmtpMechanismStatus.Error)
            {
                return;
            }

            mechanism.OnZapReply(zap);
        }
    }

    /// <summary>Feeds <paramref name="stream"/> to the decoder in reads of varying size, each read split into two segments.</summary>
    private static void DecodeStream(ZmtpMessageDecoder decoder, ReadOnlyMemory<byte> stream)
    {
        var inbound = new List<ZmtpInbound>();
        var events = new DecoderEvents();
        var read = 0;
        for (var offset = 0; offset < stream.Length; read++)
        {
            var chunk = stream.Slice(offset, Math.Min(ReadSizes[read % ReadSizes.Length], stream.Length - offset));
            offset += chunk.Length;
            var buffer = Segments.Of(chunk[..(chunk.Length / 2)], chunk[(chunk.Length / 2)..]);
            while (true)
            {
                var whole = decoder.Decode(buffer, inbound, 16, events, out var consumed);
                Recycle(inbound);
                decoder.RetireSharedBuffer();
                if (whole)
                {
                    break;
                }

                buffer = buffer.Slice(consumed);
            }
        }

        decoder.EnsureClosedAtMessageBoundary();
    }

    private static void Recycle(List<ZmtpInbound> inbound)
    {
        foreach (var item in inbound)
        {
            item.Message?.Recycle();
        }

        inbound.Clear();
    }

    private static (SocketType Type, long MaxMessageSize) Setup(byte setup) =>
        ((SocketType)((setup & 0x0F) % 11), (setup & 0x80) != 0 ? SmallMaxMessageSize : ZmtpFrameHeader.NoSizeLimit);

    private static ZmtpMetadata Metadata(SocketType type) => ZmtpMetadata.ForSocket(type, "fuzz"u8);

    private static ZmtpSecurity Security(SecurityMechanism mechanism, bool server, string zapDomain) => new(
        mechanism,
        server,
        PlainUser,
        PlainPassword,
        Fixtures.ClientKeys.PublicKey,
        server ? Fixtures.ServerKeys.SecretKey : Fixtures.ClientKeys.SecretKey,
        Fixtures.ServerKeys.PublicKey,
        zapDomain,
        ZapEnforceDomain: false,
        Zap: null);

    /// <summary>
    /// What the targets share, made on first use: under AFL the runtime's assemblies are instrumented, and instrumented
    /// code must not run before SharpFuzz has set up the coverage map (Program looks the target up before that).
    /// </summary>
    private static class Fixtures
    {
        public static readonly CurveKeyPair ServerKeys = CurveKeyPair.FromSecret(CurveServerSecret);
        public static readonly CurveKeyPair ClientKeys = CurveKeyPair.FromSecret(CurveClientSecret);
        public static readonly TcpTransport Tcp = new();
        public static readonly IpcTransport Ipc = new();
        public static readonly InprocTransport Inproc = new();
        public static readonly ZapReply Allow = ZapReply.Allow("fuzz");
    }

    /// <summary>Counts what the decoder reports; the targets only need it to accept the calls.</summary>
    private sealed class DecoderEvents : IZmtpDecoderEvents
    {
        public int Frames { get; private set; }

        public void OnFrame() => Frames++;

        public void OnPing(ushort ttlDeciseconds, ReadOnlySpan<byte> context)
        {
        }
    }
}
