using System.Buffers;
using System.Runtime.CompilerServices;
using RuntimeActors.Messages;
using RuntimeActors.Transports;
using RuntimeActors.Wire;

namespace RuntimeActors.Engine;

/// <summary>
/// The encoder of one ZMTP connection (libzmq's encoder role): messages, subscriptions and heartbeat commands into
/// the transport's buffers, straight from the messages' memory. Large bodies go to a transport that can send them
/// directly (<see cref="IDirectSend"/>) without a copy, or in pieces with a flush every
/// <see cref="ZmtpEngine.FlushThreshold"/> bytes, so that memory stays bounded.
/// </summary>
internal sealed class ZmtpMessageEncoder(ZmtpConnection connection)
{
    /// <summary>Bodies up to this size are copied in one piece with their header; larger ones follow it across buffer segments.</summary>
    private const int InlineBodyLength = 1024;

    /// <summary>
    /// Whether the peer speaks ZMTP 3.1 subscriptions (SUBSCRIBE/CANCEL commands) rather than 3.0's 1/0 messages; set
    /// from its greeting.
    /// </summary>
    public bool PeerUsesSubscriptionCommands { get; set; }

    /// <summary>Seals every frame after a CURVE handshake; null while frames travel in clear.</summary>
    public IZmtpCipher? Cipher { get; set; }

    public void WritePong(ReadOnlySpan<byte> context)
    {
        var length = ZmtpPongCommand.GetFrameLength(context.Length);
        if (Cipher is not null)
        {
            Span<byte> frame = stackalloc byte[length];
            ZmtpPongCommand.Write(frame, context);
            WriteSealedCommand(frame);
            return;
        }

        ZmtpPongCommand.Write(connection.Output.GetSpan(length), context);
        connection.Advance(length);
    }

    public void WritePing(ushort ttlDeciseconds)
    {
        var length = ZmtpPingCommand.GetFrameLength(0);
        if (Cipher is not null)
        {
            Span<byte> frame = stackalloc byte[length];
            ZmtpPingCommand.Write(frame, ttlDeciseconds, default);
            WriteSealedCommand(frame);
            return;
        }

        ZmtpPingCommand.Write(connection.Output.GetSpan(length), ttlDeciseconds, default);
        connection.Advance(length);
    }

    /// <summary>Encodes a batch of messages (recycling each once its bytes are written) and flushes.</summary>
    /// <returns>False when the transport no longer takes data.</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> WriteAsync(List<ZMessage> batch, CancellationToken cancellationToken)
    {
        var output = connection.Output;
        for (var m = 0; m < batch.Count; m++)
        {
            var message = batch[m];
            if (message.Kind != MessageKind.Data)
            {
                WriteSubscription(message);
            }
            else
            {
                // A message without frames has nothing to put on the wire.
                var last = message.Count - 1;
                for (var i = 0; i <= last; i++)
                {
                    var frame = message[i];
                    if (Cipher is not null)
                    {
                        // Sealed in the transport's buffer, in place: a frame is one box, so it goes whole.
                        WriteSealed(frame.Span, more: i < last, command: false);
                    }
                    else if (frame.Length >= ZmtpEngine.DirectBodyThreshold && output is IDirectSend transport)
                    {
                        // The body goes from the message's array to the socket, after its header and what is buffered.
                        connection.Advance(ZmtpFrameHeader.Write(output.GetSpan(ZmtpFrameHeader.LongLength), frame.Length, more: i < last, command: false));
                        connection.Unflushed = 0;
                        if (!await SendDirectAsync(transport, frame, cancellationToken).ConfigureAwait(false))
                        {
                            return false;
                        }
                    }
                    else if (frame.Length <= ZmtpEngine.FlushThreshold)
                    {
                        WriteFrame(frame.Span, more: i < last);
                    }
                    else if (!await WriteLargeFrameAsync(frame, more: i < last, cancellationToken).ConfigureAwait(false))
                    {
                        return false;
                    }
                }
            }

            // Its bytes are in the transport's buffer or on the wire: a pooled message (the socket's copy) goes back.
            message.Recycle();
            if (connection.Unflushed >= ZmtpEngine.FlushThreshold && !await connection.FlushAsync(cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        return connection.Unflushed == 0 || await connection.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private void WriteFrame(ReadOnlySpan<byte> body, bool more)
    {
        var output = connection.Output;
        if (body.Length <= InlineBodyLength)
        {
            var headerLength = ZmtpFrameHeader.GetLength(body.Length);
            var span = output.GetSpan(headerLength + body.Length);
            ZmtpFrameHeader.Write(span, body.Length, more, command: false);
            body.CopyTo(span[headerLength..]);
            connection.Advance(headerLength + body.Length);
            return;
        }

        connection.Advance(ZmtpFrameHeader.Write(output.GetSpan(ZmtpFrameHeader.LongLength), body.Length, more, command: false));
        output.Write(body);
        connection.Unflushed += body.Length;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> SendDirectAsync(IDirectSend transport, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        try
        {
            return await transport.FlushWithAsync(body, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException and not IOException)
        {
            throw connection.WriteFailed(e);
        }
    }

    /// <summary>Streams a large body in pieces, flushing every <see cref="ZmtpEngine.FlushThreshold"/> bytes so it never sits whole in the transport's buffers.</summary>
    private async ValueTask<bool> WriteLargeFrameAsync(ReadOnlyMemory<byte> body, bool more, CancellationToken cancellationToken)
    {
        var output = connection.Output;
        connection.Advance(ZmtpFrameHeader.Write(output.GetSpan(ZmtpFrameHeader.LongLength), body.Length, more, command: false));
        while (!body.IsEmpty)
        {
            var room = (int)Math.Min(ZmtpEngine.FlushThreshold - connection.Unflushed, body.Length);
            if (room > 0)
            {
                output.Write(body.Span[..room]);
                connection.Unflushed += room;
                body = body[room..];
            }

            if (connection.Unflushed >= ZmtpEngine.FlushThreshold && !await connection.FlushAsync(cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// A SUB/XSUB subscription as libzmq 4.3.4 puts it on the wire: a SUBSCRIBE or CANCEL command
    /// for a ZMTP 3.1 peer (v3_1_encoder), a message whose first byte is 1 or 0 for a 3.0 peer (v2_encoder).
    /// </summary>
    private void WriteSubscription(ZMessage message)
    {
        var subscribe = message.Kind == MessageKind.Subscribe;
        var topic = message.Count > 0 ? message[0].Span : default;
        if (Cipher is not null)
        {
            WriteSealedSubscription(subscribe, topic);
            return;
        }

        int length;
        if (PeerUsesSubscriptionCommands)
        {
            length = ZmtpSubscriptionCommand.GetFrameLength(subscribe, topic.Length);
            ZmtpSubscriptionCommand.Write(connection.Output.GetSpan(length), subscribe, topic);
        }
        else
        {
            length = ZmtpLegacySubscription.GetFrameLength(topic.Length);
            ZmtpLegacySubscription.Write(connection.Output.GetSpan(length), subscribe, topic);
        }

        connection.Advance(length);
    }

    /// <summary>One frame as a CURVE MESSAGE box: the payload is copied behind the box's header and sealed where it lies.</summary>
    private void WriteSealed(ReadOnlySpan<byte> payload, bool more, bool command)
    {
        var cipher = Cipher!;
        var bodyLength = cipher.Overhead + payload.Length;
        var headerLength = ZmtpFrameHeader.GetLength(bodyLength);

        // libzmq 4.3.4 sends MESSAGE boxes as message frames without MORE: the flags travel inside the box.
        var span = connection.Output.GetSpan(headerLength + bodyLength);
        ZmtpFrameHeader.Write(span, bodyLength, more: false, command: false);
        var body = span.Slice(headerLength, bodyLength);
        payload.CopyTo(body[cipher.Overhead..]);
        cipher.SealInPlace(body, more, command);
        connection.Advance(headerLength + bodyLength);
    }

    /// <summary>A command frame written in clear (header and body) goes out as a box with the COMMAND flag.</summary>
    private void WriteSealedCommand(ReadOnlySpan<byte> clearFrame) => WriteSealed(BodyOf(clearFrame), more: false, command: true);

    /// <summary>The body of a frame written in clear, past its short or long header.</summary>
    private static ReadOnlySpan<byte> BodyOf(ReadOnlySpan<byte> clearFrame) =>
        clearFrame[((clearFrame[0] & (byte)ZmtpFrameFlags.Long) != 0 ? ZmtpFrameHeader.LongLength : ZmtpFrameHeader.ShortLength)..];

    /// <summary>
    /// A subscription under CURVE as libzmq 4.3.4 encodes it: a SUBSCRIBE/CANCEL command box for a ZMTP 3.1 peer, a
    /// 1/0 message box for a 3.0 peer.
    /// </summary>
    private void WriteSealedSubscription(bool subscribe, ReadOnlySpan<byte> topic)
    {
        var length = PeerUsesSubscriptionCommands ? ZmtpSubscriptionCommand.GetFrameLength(subscribe, topic.Length) : ZmtpLegacySubscription.GetFrameLength(topic.Length);
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            var frame = rented.AsSpan(0, length);
            if (PeerUsesSubscriptionCommands)
            {
                ZmtpSubscriptionCommand.Write(frame, subscribe, topic);
                WriteSealedCommand(frame);
            }
            else
            {
                ZmtpLegacySubscription.Write(frame, subscribe, topic);
                WriteSealed(BodyOf(frame), more: false, command: false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
