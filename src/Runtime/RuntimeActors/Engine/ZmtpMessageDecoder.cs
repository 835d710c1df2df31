using System.Buffers;
using System.Diagnostics;
using System.Numerics;
using RuntimeActors.Messages;
using RuntimeActors.Wire;

namespace RuntimeActors.Engine;

/// <summary>
/// The decoder of one ZMTP connection (libzmq's decoder role): frames from the byte stream into whole messages,
/// subscriptions and commands. Frame bodies are copied once, into pooled memory the delivered message owns;
/// MAXMSGSIZE is checked on the header, before anything is allocated. A header is only the peer's claim, so a body
/// larger than <see cref="BodyStep"/> gets memory as it arrives (see <see cref="BodyCapacity"/>): never more than the
/// larger of the step and twice the bytes of it that arrived. The handshake uses it for command frames, the read loop
/// for everything after.
/// </summary>
internal sealed class ZmtpMessageDecoder
{
    /// <summary>Command frames up to this size are decoded into a reused buffer; they are handled before the next frame.</summary>
    private const int CommandScratchLength = 256;

    /// <summary>
    /// Data frames up to this size are cut from a shared pooled buffer of <see cref="SharedBufferLength"/> bytes;
    /// larger ones get a pooled buffer of their own, so that a kept small frame never holds a large one's memory.
    /// </summary>
    private const int SharedFrameLimit = 2048;

    private const int SharedBufferLength = 32 * 1024;

    /// <summary>
    /// Bodies up to this size get their whole buffer when their header arrives, so they are received with one allocation
    /// and no copy; a larger body gets at most the bytes of it that arrived plus this step, and grows as it arrives. When
    /// bodies were sized to their header, 200 connections that each announced a 1 GiB frame and sent 25 bytes of it grew
    /// the process's committed memory by 46.5 GB. 128 KiB is twice bench/run.sh's largest message (64 KB), so that row
    /// keeps its one allocation with room to spare, and it is a pooled array length: the pools hand out powers of two,
    /// so any step between 64 and 128 KiB would commit 128 KiB anyway. A peer that announces a huge frame and stalls
    /// then holds 128 KiB of ours.
    /// </summary>
    internal const int BodyStep = 128 * 1024;

    /// <summary>
    /// The largest command accepted before the handshake is over, checked on its header. Handshake commands are small:
    /// CURVE's INITIATE, the largest, is 257 bytes plus metadata, and metadata holds a routing id of at most 255 bytes
    /// and a few properties (Socket-Type, the application's X- properties). 64 KiB leaves ample room for application
    /// metadata, and a peer that has not completed its handshake (nor authenticated) cannot make us hold more.
    /// </summary>
    internal const int MaxHandshakeCommandLength = 64 * 1024;

    private readonly ZmtpFrameDecoder _frames;
    private readonly bool _acceptsSubscriptions;
    private readonly byte[] _commandScratch = new byte[CommandScratchLength];

    /// <summary>The body of the command being decoded.</summary>
    private byte[] _body = [];
    private bool _bodyIsScratch;

    /// <summary>Where the current frame's body is decoded to: <see cref="_body"/> for a command, pooled memory for data.</summary>
    private Memory<byte> _bodyTarget;

    /// <summary>The pooled buffer of the current data frame's body; the decoder's reference when dedicated to it.</summary>
    private FrameBuffer? _bodyBuffer;

    /// <summary>The decoder's reference to the buffer small data frames are cut from now.</summary>
    private FrameBuffer? _sharedBuffer;
    private bool _inHeader;
    private ZMessage? _partial;

    /// <param name="maxMessageSize">ZMQ_MAXMSGSIZE: the largest frame accepted, or -1.</param>
    /// <param name="acceptsSubscriptions">Whether our socket publishes (PUB, XPUB), so that subscriptions in either form are decoded as such.</param>
    public ZmtpMessageDecoder(long maxMessageSize, bool acceptsSubscriptions)
    {
        _frames = new ZmtpFrameDecoder(maxMessageSize);
        _acceptsSubscriptions = acceptsSubscriptions;
    }

    /// <summary>
    /// Whether the handshake is still running (as a new decoder's is): a data frame is then refused at its header, and
    /// so is a command larger than <see cref="MaxHandshakeCommandLength"/>, before anything is allocated for it. The
    /// engine clears it once the handshake succeeded; frames the peer sent right behind its READY are decoded after that.
    /// </summary>
    public bool Handshaking { get; set; } = true;

    /// <summary>Opens CURVE MESSAGE boxes after the handshake; null while frames travel in clear.</summary>
    public IZmtpCipher? Cipher { get; set; }

    /// <summary>The properties every received message carries (Peer-Address, User-Id...); set after the handshake.</summary>
    public MessageProperties? Properties { get; set; }

    /// <summary>The header of the frame decoded last (or being decoded).</summary>
    public ZmtpFrameHeader Header => _frames.Header;

    /// <summary>The body length of the frame decoded last (or being decoded).</summary>
    public int BodyLength => _frames.BodyLength;

    /// <summary>The body of the command frame decoded last.</summary>
    public ReadOnlySpan<byte> CommandBody => _body.AsSpan(0, _frames.BodyLength);

    /// <summary>The memory the current frame's body has now (tests: it is bounded by what arrived, not by the header).</summary>
    internal int BodyCapacityNow => _bodyTarget.Length;

    /// <summary>
    /// Whether the rest of the current frame's body (at least <paramref name="threshold"/> bytes of a data frame) may
    /// be received straight into its message's memory (<see cref="ReserveBody"/>, then <see cref="AdvanceBody"/>).
    /// </summary>
    public bool WantsBodyDirectly(int threshold) => _frames.IsReadingBody && !_bodyIsScratch && _frames.BodyBytesRemaining >= threshold;

    /// <summary>
    /// Where the next bytes of the current frame's body go when they are received straight from the transport: the free
    /// part of the body's memory, grown first if it is full (to at most twice what arrived, or what arrived plus
    /// <see cref="BodyStep"/>). Never empty while the body is incomplete.
    /// </summary>
    public Memory<byte> ReserveBody()
    {
        var read = _frames.BodyBytesRead;
        if (read == _bodyTarget.Length)
        {
            GrowBody(inHand: 0);
        }

        return _bodyTarget[read..];
    }

    /// <summary>Counts <paramref name="received"/> bytes received straight into <see cref="ReserveBody"/>'s memory.</summary>
    /// <returns>True when the body is now complete.</returns>
    public bool AdvanceBody(int received)
    {
        _frames.AdvanceBody(received);
        return _frames.BodyBytesRemaining == 0;
    }

    /// <summary>
    /// Decodes frames from <paramref name="buffer"/> into whole messages and subscriptions, up to <paramref name="maxItems"/>
    /// items, telling <paramref name="events"/> of each frame and each command that is not a subscription. Partial frames
    /// are absorbed, so everything up to <paramref name="consumed"/> can be released.
    /// </summary>
    /// <returns>True when the whole buffer was consumed; false when the batch filled first.</returns>
    /// <exception cref="ZmtpProtocolException">The peer broke the protocol (bad flags, a command with MORE, a frame over MAXMSGSIZE).</exception>
    public bool Decode(ReadOnlySequence<byte> buffer, List<ZmtpInbound> inbound, int maxItems, IZmtpDecoderEvents events, out SequencePosition consumed)
    {
        var reader = new SequenceReader<byte>(buffer);
        while (inbound.Count < maxItems)
        {
            if (!TryDecodeFrame(ref reader))
            {
                consumed = reader.Position;
                return true;
            }

            // Each frame counts as traffic for heartbeats, so a frame right behind a PING in the same read satisfies its TTL.
            events.OnFrame();
            var header = _frames.Header;
            var more = header.More;
            if (Cipher is not null)
            {
                if (!OpenSealedFrame(header.IsCommand, inbound, events, out more))
                {
                    continue;
                }
            }
            else if (header.IsCommand)
            {
                // Commands may arrive between the frames of a message: libzmq sends a due PING wherever its encoder is.
                OnCommand(_body.AsMemory(0, _frames.BodyLength), ownsBody: !_bodyIsScratch, inbound, events);
                continue;
            }

            var frame = TakeBody(out var frameBuffer);
            if (Cipher is not null)
            {
                frame = frame[Cipher.Overhead..];
            }

            var message = _partial ?? RentMessage();
            if (frameBuffer is null)
            {
                message.Append(frame);
            }
            else
            {
                message.Append(frame, frameBuffer);
            }

            if (more)
            {
                _partial = message;
                continue;
            }

            _partial = null;

            // libzmq 4.3.4's XSUB sends user-written subscriptions as 1/0 messages even to ZMTP 3.1
            // peers, and 3.0 peers send every subscription so; PUB and XPUB take both forms from anyone.
            if (_acceptsSubscriptions && message.Count == 1 && ZmtpLegacySubscription.TryParse(frame.Span, out var subscribe, out _))
            {
                // The publisher keeps the topic; the frame's pooled memory goes back with the message.
                inbound.Add(new ZmtpInbound(null, subscribe, frame[1..].ToArray()));
                message.Recycle();
            }
            else
            {
                inbound.Add(new ZmtpInbound(message, false, default));
            }
        }

        consumed = reader.Position;
        return reader.End;
    }

    /// <summary>Feeds the frame decoder; the body goes into a buffer chosen when the header completes.</summary>
    /// <returns>True when a whole frame is decoded; false when <paramref name="reader"/> ran out first.</returns>
    public bool TryDecodeFrame(ref SequenceReader<byte> reader)
    {
        if (!_frames.IsReadingBody)
        {
            var start = reader.Consumed;
            if (!_frames.TryReadHeader(ref reader))
            {
                _inHeader |= reader.Consumed > start;
                return false;
            }

            _inHeader = false;
            if (Handshaking)
            {
                RefuseDuringHandshake(_frames.Header.IsCommand, _frames.BodyLength);
            }

            AllocateBody(_frames.Header.IsCommand, _frames.BodyLength, reader.Remaining);
        }

        while (!_frames.TryReadBody(ref reader, _bodyTarget.Span))
        {
            if (reader.End)
            {
                return false;
            }

            // The body's memory is full and more of it has arrived: it grows by what arrived, geometrically.
            GrowBody(reader.Remaining);
        }

        return true;
    }

    /// <summary>
    /// After each read's messages went on, the decoder lets go of its shared buffer unless a frame is still being decoded
    /// into it: an idle connection holds none (bench/run.sh's router scale row: 61 KB of heap per idle connection with
    /// a 32 KB buffer kept, 28 KB before pooled frames), and the buffer returns to the pool once its messages are done.
    /// </summary>
    public void RetireSharedBuffer()
    {
        if (_sharedBuffer is null || (_frames.IsReadingBody && ReferenceEquals(_bodyBuffer, _sharedBuffer)))
        {
            return;
        }

        _sharedBuffer.ReleaseFiller();
        _sharedBuffer = null;
    }

    /// <summary>The decoder's references to pooled memory go back when reading ends; messages keep theirs.</summary>
    public void ReleaseBuffers()
    {
        if (_bodyBuffer is { IsDedicated: true } dedicated)
        {
            dedicated.Release();
        }

        _bodyBuffer = null;
        _bodyTarget = default;
        _sharedBuffer?.ReleaseFiller();
        _sharedBuffer = null;
        _partial?.Recycle();
        _partial = null;
    }

    /// <summary>At end of input: a peer that closes in the middle of a frame or message broke the protocol.</summary>
    /// <exception cref="ZmtpProtocolException">The stream ended inside a frame or a multipart message.</exception>
    public void EnsureClosedAtMessageBoundary()
    {
        if (_frames.IsReadingBody)
        {
            var kind = _frames.Header.IsCommand ? "command" : "message";
            var received = _frames.BodyLength - _frames.BodyBytesRemaining;
            throw Truncated($"peer closed the connection {received} bytes into the body of a {_frames.BodyLength}-byte {kind} frame");
        }

        if (_inHeader)
        {
            throw Truncated("peer closed the connection in the middle of a frame header");
        }

        if (_partial is { } partial)
        {
            throw Truncated($"peer closed the connection in the middle of a multipart message ({partial.Count} frames received, the last with MORE set)");
        }
    }

    /// <summary>Before the handshake is over only handshake commands may come, and the header says whether one does.</summary>
    /// <exception cref="ZmtpProtocolException">A data frame, or a command larger than a handshake command can be.</exception>
    private static void RefuseDuringHandshake(bool command, int length)
    {
        if (!command)
        {
            throw new ZmtpProtocolException(
                ZmtpError.UnexpectedCommand,
                $"peer sent the header of a {length}-byte message frame before completing the handshake; only commands are allowed until READY");
        }

        if (length > MaxHandshakeCommandLength)
        {
            throw new ZmtpProtocolException(
                ZmtpError.MessageTooLarge,
                $"peer announced a {length}-byte command before completing the handshake; handshake commands are at most {MaxHandshakeCommandLength} bytes");
        }
    }

    /// <param name="command">Whether the frame is a command.</param>
    /// <param name="length">The body's length.</param>
    /// <param name="readRemaining">The bytes of this read from the body on, which sizes a new shared buffer.</param>
    private void AllocateBody(bool command, int length, long readRemaining)
    {
        _bodyIsScratch = false;
        if (command)
        {
            _bodyIsScratch = length <= CommandScratchLength;
            // MAXMSGSIZE was enforced on the header; a command larger than the step grows as it arrives. A large
            // command's array may become a subscription's topic.
            _body = _bodyIsScratch ? _commandScratch : GC.AllocateUninitializedArray<byte>(BodyCapacity(length, 0, readRemaining));
            _bodyTarget = _body.AsMemory(0, Math.Min(length, _body.Length));
        }
        else if (length == 0)
        {
            _bodyTarget = default;
        }
        else if (length <= SharedFrameLimit)
        {
            if (_sharedBuffer is null || _sharedBuffer.Available < length)
            {
                _sharedBuffer?.ReleaseFiller();
                _sharedBuffer = FrameBuffer.Rent(SharedBufferLengthFor(readRemaining), dedicated: false);
            }

            _bodyBuffer = _sharedBuffer;
            _bodyTarget = _sharedBuffer.Allocate(length);
        }
        else
        {
            RentDedicated(length, BodyCapacity(length, 0, readRemaining));
        }
    }

    /// <summary>A pooled buffer of its own for a large data frame's body, holding <paramref name="capacity"/> bytes of it or more.</summary>
    private void RentDedicated(int length, int capacity)
    {
        _bodyBuffer = FrameBuffer.Rent(capacity, dedicated: true);
        // A pooled array may be longer than asked (the pools hand out powers of two): the body uses what it holds.
        _bodyTarget = _bodyBuffer.Allocate(Math.Min(length, _bodyBuffer.Array.Length));
    }

    /// <summary>
    /// How much memory a <paramref name="length"/>-byte body gets when <paramref name="read"/> bytes of it are in its
    /// memory and <paramref name="inHand"/> bytes of input follow them: all of it up to <see cref="BodyStep"/>; beyond,
    /// what arrived, or at most the larger of twice what was read and what was read plus the step. Doubling keeps the
    /// copies of a body that keeps coming under its length in all; the step keeps the memory of one that stops bounded.
    /// A pooled array is this rounded up to a power of two: a body starts at the step (or what is at hand) and doubles,
    /// so its memory stays at most the larger of the step and twice the bytes of it that arrived.
    /// </summary>
    internal static int BodyCapacity(int length, int read, long inHand)
    {
        var arrived = read + Math.Min(inHand, length - read);
        var ahead = Math.Max(2L * read, (long)read + BodyStep);
        return (int)Math.Min(length, Math.Max(arrived, ahead));
    }

    /// <summary>The body's memory is full and more of the frame is coming: larger memory takes over what was read.</summary>
    /// <param name="inHand">The input bytes at hand (which may run past this frame).</param>
    private void GrowBody(long inHand)
    {
        var length = _frames.BodyLength;
        var read = _frames.BodyBytesRead;
        var capacity = BodyCapacity(length, read, inHand);
        Debug.Assert(capacity > read, "a full body grows only while more of it is to come");
        if (_bodyBuffer is { } old)
        {
            // Only a dedicated buffer can fill up before its frame is whole: shared ones take small frames entire.
            Debug.Assert(old.IsDedicated, "a shared frame buffer filled up before its frame was whole");
            var filled = _bodyTarget[..read];
            RentDedicated(length, capacity);
            filled.Span.CopyTo(_bodyTarget.Span);
            old.Release();
            return;
        }

        var grown = GC.AllocateUninitializedArray<byte>(capacity);
        _body.AsSpan(0, read).CopyTo(grown);
        _body = grown;
        _bodyTarget = grown;
    }

    /// <summary>
    /// A shared buffer as large as this read's frames need, within 2 KB and 32 KB: a connection that receives one small
    /// message now and then must not hold 32 KB for it while it waits to be received (10,000 ROUTER peers with one
    /// request each held 320 MB that way; libzmq's decoder buffer is 8 KB).
    /// </summary>
    private static int SharedBufferLengthFor(long readRemaining) =>
        (int)Math.Clamp(BitOperations.RoundUpToPowerOf2((ulong)Math.Max(readRemaining, 1)), SharedFrameLimit, SharedBufferLength);

    /// <summary>The completed data frame's body and the buffer reference its message takes over (null for an empty frame).</summary>
    private ReadOnlyMemory<byte> TakeBody(out FrameBuffer? buffer)
    {
        buffer = _bodyBuffer;
        if (buffer is not null && !buffer.IsDedicated)
        {
            // The decoder keeps its own reference to the shared buffer for the frames still to come.
            buffer.AddFrameReference();
        }

        _bodyBuffer = null;
        var body = _bodyTarget;
        _bodyTarget = default;
        return body;
    }

    /// <summary>A pooled message for received frames, carrying the connection's properties.</summary>
    private ZMessage RentMessage()
    {
        var message = ZMessage.Rent();
        message.Properties = Properties;
        return message;
    }

    /// <summary>
    /// Opens a CURVE MESSAGE box in place. A command inside (PING, SUBSCRIBE...) is handled here; a message frame's
    /// plaintext is left at <see cref="IZmtpCipher.Overhead"/> in the body for the caller to take.
    /// </summary>
    /// <returns>True when the frame is message data for the caller.</returns>
    private bool OpenSealedFrame(bool commandFrame, List<ZmtpInbound> inbound, IZmtpDecoderEvents events, out bool more)
    {
        var cipher = Cipher!;
        var body = commandFrame ? _body.AsSpan(0, _frames.BodyLength) : _bodyTarget.Span;
        cipher.OpenInPlace(body, out more, out var command);
        if (!command && !commandFrame)
        {
            return true;
        }

        if (!command)
        {
            throw new ZmtpProtocolException(ZmtpError.UnexpectedCommand, "a CURVE MESSAGE in a command frame carries message data; data travels in message frames");
        }

        if (commandFrame)
        {
            OnCommand(_body.AsMemory(cipher.Overhead, _frames.BodyLength - cipher.Overhead), ownsBody: false, inbound, events);
        }
        else
        {
            // The pooled body goes back at once; a subscription's topic is copied out of it.
            var sealedBody = TakeBody(out var buffer);
            try
            {
                OnCommand(sealedBody[cipher.Overhead..], ownsBody: false, inbound, events);
            }
            finally
            {
                buffer?.Release();
            }
        }

        return false;
    }

    /// <param name="body">The command frame's body.</param>
    /// <param name="ownsBody">Whether the body's memory is the decoder's to give away (a large command's own array).</param>
    /// <param name="inbound">Where subscriptions go.</param>
    /// <param name="events">Where heartbeat commands go.</param>
    private void OnCommand(ReadOnlyMemory<byte> body, bool ownsBody, List<ZmtpInbound> inbound, IZmtpDecoderEvents events)
    {
        var command = ZmtpCommand.Parse(body.Span);
        switch (command.Kind)
        {
            case ZmtpCommandKind.Ping:
                ZmtpPingCommand.Parse(command.Data, out var ttl, out var context);
                events.OnPing(ttl, context);
                break;
            case ZmtpCommandKind.Subscribe or ZmtpCommandKind.Cancel when _acceptsSubscriptions:
                var topicLength = command.Data.Length;
                ReadOnlyMemory<byte> topic = ownsBody ? body[(body.Length - topicLength)..] : command.Data.ToArray();
                if (ownsBody)
                {
                    _body = [];
                }

                inbound.Add(new ZmtpInbound(null, command.Kind == ZmtpCommandKind.Subscribe, topic));
                break;
            default:
                // PONG: any traffic already satisfied the heartbeat. Unknown commands are ignored (RFC 37),
                // and so are READY and ERROR after the handshake and subscriptions sent to a socket that
                // publishes nothing, as libzmq does.
                break;
        }
    }

    // ZmtpError has no member for a truncated stream; MalformedCommand is the nearest (see the engine's report).
    private static ZmtpProtocolException Truncated(string message) => new(ZmtpError.MalformedCommand, message);
}
