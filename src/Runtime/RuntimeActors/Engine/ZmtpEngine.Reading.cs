using RuntimeActors.Messages;
using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using RuntimeActors.Transports;
using RuntimeActors.Wire;
using Pipe = RuntimeActors.Pipes.Pipe;

namespace RuntimeActors.Engine;

internal sealed partial class ZmtpEngine
{
    /// <summary>Command frames up to this size are decoded into a reused buffer; they are handled before the next frame.</summary>
    private const int CommandScratchLength = 256;

    /// <summary>Body remainders from this size up are received straight into the message's array.</summary>
    private const int DirectBodyThreshold = 16 * 1024;

    /// <summary>
    /// Data frames up to this size are cut from a shared pooled buffer of <see cref="SharedBufferLength"/> bytes;
    /// larger ones get a pooled buffer of their own, so that a kept small frame never holds a large one's memory.
    /// </summary>
    private const int SharedFrameLimit = 2048;

    private const int SharedBufferLength = 32 * 1024;

    private readonly byte[] _commandScratch = new byte[CommandScratchLength];

    /// <summary>The body of the command being decoded.</summary>
    private byte[] _body = [];
    private bool _bodyIsScratch;

    /// <summary>Where the current frame's body is decoded to: <see cref="_body"/> for a command, pooled memory for data.</summary>
    private Memory<byte> _bodyTarget;

    /// <summary>The pooled buffer of the current data frame's body; the engine's reference when dedicated to it.</summary>
    private FrameBuffer? _bodyBuffer;

    /// <summary>The engine's reference to the buffer small data frames are cut from now.</summary>
    private FrameBuffer? _sharedBuffer;
    private bool _inHeader;
    private ZMessage? _partial;

    /// <summary>The read loop: decode a batch, release the transport's buffer, then deliver the batch in order.</summary>
    private async Task ReadLoopAsync(Pipe pipe, IEngineHost host, RunState run)
    {
        var cancellationToken = run.Stopping.Token;
        // Grown on demand, not sized to MaxReadBatch: at 10,000 mostly idle connections the empty slots of the
        // read and write batches came to 12 KB a connection (bench/run.sh's router scale row, dotnet-gcdump).
        var inbound = new List<Inbound>();
        var messages = new List<ZMessage>();
        using var buffers = new ReadBuffersRelease(this);
        try
        {
            while (true)
            {
                // A large body completed straight from the socket is decoded from no input: the decoder knows it is whole.
                var direct = await ReceiveBodyDirectlyAsync(run, cancellationToken).ConfigureAwait(false);
                var result = direct ? default : await ReadTransportAsync(cancellationToken).ConfigureAwait(false);
                var buffer = result.Buffer;
                if (!buffer.IsEmpty)
                {
                    run.NoteReceived();
                }

                bool drained;
                SequencePosition consumed;
                ZmtpProtocolException? fault = null;
                try
                {
                    drained = DecodeInbound(run, buffer, inbound, out consumed);
                }
                catch (ZmtpProtocolException e)
                {
                    // Messages that arrived whole before the fault are still delivered, as libzmq does.
                    fault = e;
                    drained = true;
                    consumed = buffer.End;
                }

                // Bodies were copied out, so the transport's buffer goes back before delivery waits on the socket.
                if (!direct)
                {
                    _input.AdvanceTo(consumed);
                }

                await DeliverAsync(pipe, host, inbound, messages, cancellationToken).ConfigureAwait(false);
                inbound.Clear();
                RetireSharedBuffer();
                if (fault is not null)
                {
                    ExceptionDispatchInfo.Throw(fault);
                }

                if (result.IsCompleted && drained)
                {
                    EnsureClosedAtMessageBoundary();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped: a graceful close, or the other loop ended.
        }
    }

    /// <summary>
    /// Receives the rest of a large frame body from the socket straight into the message's array, as libzmq's decoder
    /// does, instead of through the transport's read buffer and a copy; only while the transport holds no bytes, so the
    /// stream's order is kept. Small remainders go the ordinary way, where one receive carries many frames.
    /// </summary>
    /// <returns>True when the body is now complete.</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ReceiveBodyDirectlyAsync(RunState run, CancellationToken cancellationToken)
    {
        while (_input is IDirectReceive transport && _decoder.IsReadingBody && !_bodyIsScratch
            && _decoder.BodyBytesRemaining >= DirectBodyThreshold && transport.HoldsNoBytes)
        {
            var offset = _decoder.BodyLength - _decoder.BodyBytesRemaining;
            int received;
            try
            {
                received = await transport.ReceiveDirectAsync(_bodyTarget.Slice(offset, _decoder.BodyBytesRemaining), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException and not IOException)
            {
                throw new IOException($"Reading from {_remoteAddress} on {_endpoint} failed: {e.Message}", e);
            }

            if (received == 0)
            {
                // The end of the stream: the ordinary read reports it, and the truncated frame.
                return false;
            }

            run.NoteReceived();
            _decoder.AdvanceBody(received);
            if (_decoder.BodyBytesRemaining == 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Hands the decoded items over in order: each run of messages as one batch, subscriptions between them one by one.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask DeliverAsync(Pipe pipe, IEngineHost host, List<Inbound> inbound, List<ZMessage> messages, CancellationToken cancellationToken)
    {
        for (var i = 0; i < inbound.Count; i++)
        {
            var item = inbound[i];
            if (item.Message is { } message)
            {
                messages.Add(message);
                continue;
            }

            if (messages.Count > 0)
            {
                await host.DeliverAsync(pipe, messages, cancellationToken).ConfigureAwait(false);
                messages.Clear();
            }

            host.OnSubscription(pipe, item.Subscribe, item.Topic);
        }

        if (messages.Count > 0)
        {
            await host.DeliverAsync(pipe, messages, cancellationToken).ConfigureAwait(false);
            messages.Clear();
        }
    }

    /// <summary>
    /// Decodes frames from <paramref name="buffer"/> into whole messages and subscriptions, up to
    /// <see cref="MaxReadBatch"/> items. Partial frames are absorbed by the decoder, so everything
    /// up to <paramref name="consumed"/> can be released.
    /// </summary>
    /// <returns>True when the whole buffer was consumed; false when the batch filled first.</returns>
    private bool DecodeInbound(RunState run, ReadOnlySequence<byte> buffer, List<Inbound> inbound, out SequencePosition consumed)
    {
        var reader = new SequenceReader<byte>(buffer);
        while (inbound.Count < MaxReadBatch)
        {
            if (!TryDecodeFrame(ref reader))
            {
                consumed = reader.Position;
                return true;
            }

            // Each frame counts as traffic for heartbeats, so a frame right behind a PING in the same read satisfies its TTL.
            run.NoteReceived();
            var header = _decoder.Header;
            if (header.IsCommand)
            {
                // Commands may arrive between the frames of a message: libzmq sends a due PING wherever its encoder is.
                OnCommand(run, inbound);
                continue;
            }

            var frame = TakeBody(out var frameBuffer);
            var message = _partial ?? ZMessage.Rent();
            if (frameBuffer is null)
            {
                message.Append(frame);
            }
            else
            {
                message.Append(frame, frameBuffer);
            }

            if (header.More)
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
                inbound.Add(new Inbound(null, subscribe, frame[1..].ToArray()));
                message.Recycle();
            }
            else
            {
                inbound.Add(new Inbound(message, false, default));
            }
        }

        consumed = reader.Position;
        return reader.End;
    }

    /// <summary>Feeds the decoder; the body goes into a buffer chosen when the header completes.</summary>
    /// <returns>True when a whole frame is in <see cref="_bodyTarget"/>; false when <paramref name="reader"/> ran out first.</returns>
    private bool TryDecodeFrame(ref SequenceReader<byte> reader)
    {
        if (!_decoder.IsReadingBody)
        {
            var start = reader.Consumed;
            if (!_decoder.TryReadHeader(ref reader))
            {
                _inHeader |= reader.Consumed > start;
                return false;
            }

            _inHeader = false;
            AllocateBody(_decoder.Header.IsCommand, _decoder.BodyLength, reader.Remaining);
        }

        return _decoder.TryReadBody(ref reader, _bodyTarget.Span);
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
            // MAXMSGSIZE was enforced on the header. A large command's array may become a subscription's topic.
            _body = _bodyIsScratch ? _commandScratch : GC.AllocateUninitializedArray<byte>(length);
            _bodyTarget = _body.AsMemory(0, length);
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
            _bodyBuffer = FrameBuffer.Rent(length, dedicated: true);
            _bodyTarget = _bodyBuffer.Allocate(length);
        }
    }

    /// <summary>
    /// A shared buffer as large as this read's frames need, within 2 KB and 32 KB: a connection that receives one small
    /// message now and then must not hold 32 KB for it while it waits to be received (10,000 ROUTER peers with one
    /// request each held 320 MB that way; libzmq's decoder buffer is 8 KB).
    /// </summary>
    private static int SharedBufferLengthFor(long readRemaining) =>
        (int)Math.Clamp(BitOperations.RoundUpToPowerOf2((ulong)Math.Max(readRemaining, 1)), SharedFrameLimit, SharedBufferLength);

    /// <summary>
    /// After each read's messages went on, the engine lets go of its shared buffer unless a frame is still being decoded
    /// into it: an idle connection holds none (bench/run.sh's router scale row: 61 KB of heap per idle connection with
    /// a 32 KB buffer kept, 28 KB before pooled frames), and the buffer returns to the pool once its messages are done.
    /// </summary>
    private void RetireSharedBuffer()
    {
        if (_sharedBuffer is null || (_decoder.IsReadingBody && ReferenceEquals(_bodyBuffer, _sharedBuffer)))
        {
            return;
        }

        _sharedBuffer.ReleaseFiller();
        _sharedBuffer = null;
    }

    /// <summary>The completed data frame's body and the buffer reference its message takes over (null for an empty frame).</summary>
    private ReadOnlyMemory<byte> TakeBody(out FrameBuffer? buffer)
    {
        buffer = _bodyBuffer;
        if (buffer is not null && !buffer.IsDedicated)
        {
            // The engine keeps its own reference to the shared buffer for the frames still to come.
            buffer.AddFrameReference();
        }

        _bodyBuffer = null;
        var body = _bodyTarget;
        _bodyTarget = default;
        return body;
    }

    /// <summary>The engine's references to pooled memory go back when reading ends; messages keep theirs.</summary>
    private void ReleaseReadBuffers()
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

    private void OnCommand(RunState run, List<Inbound> inbound)
    {
        var length = _decoder.BodyLength;
        var command = ZmtpCommand.Parse(_body.AsSpan(0, length));
        switch (command.Kind)
        {
            case ZmtpCommandKind.Ping:
                ZmtpPingCommand.Parse(command.Data, out var ttl, out var context);
                QueuePong(context);
                if (ttl > 0)
                {
                    // As libzmq: the peer promises traffic within its TTL; the next frame disarms this.
                    run.ArmTtl(TimeSpan.FromMilliseconds(ttl * 100.0));
                }

                break;
            case ZmtpCommandKind.Subscribe or ZmtpCommandKind.Cancel when _acceptsSubscriptions:
                var topicLength = command.Data.Length;
                ReadOnlyMemory<byte> topic = _bodyIsScratch
                    ? command.Data.ToArray()
                    : new ReadOnlyMemory<byte>(_body, length - topicLength, topicLength);
                _body = [];
                inbound.Add(new Inbound(null, command.Kind == ZmtpCommandKind.Subscribe, topic));
                break;
            default:
                // PONG: any traffic already satisfied the heartbeat. Unknown commands are ignored (RFC 37),
                // and so are READY and ERROR after the handshake and subscriptions sent to a socket that
                // publishes nothing, as libzmq does.
                break;
        }
    }

    /// <summary>At end of input: a peer that closes in the middle of a frame or message broke the protocol.</summary>
    private void EnsureClosedAtMessageBoundary()
    {
        if (_decoder.IsReadingBody)
        {
            var kind = _decoder.Header.IsCommand ? "command" : "message";
            var received = _decoder.BodyLength - _decoder.BodyBytesRemaining;
            throw Truncated($"peer closed the connection {received} bytes into the body of a {_decoder.BodyLength}-byte {kind} frame");
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

    // ZmtpError has no member for a truncated stream; MalformedCommand is the nearest (see the engine's report).
    private static ZmtpProtocolException Truncated(string message) => new(ZmtpError.MalformedCommand, message);

    /// <summary>Releases the read side's pooled memory at the end of the read loop, however it ends.</summary>
    private readonly struct ReadBuffersRelease(ZmtpEngine engine) : IDisposable
    {
        public void Dispose() => engine.ReleaseReadBuffers();
    }

    /// <summary>One decoded item, delivered in order: a message, or a subscription when <see cref="Message"/> is null.</summary>
    private readonly record struct Inbound(ZMessage? Message, bool Subscribe, ReadOnlyMemory<byte> Topic);
}
