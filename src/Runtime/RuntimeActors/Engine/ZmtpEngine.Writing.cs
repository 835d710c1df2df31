using RuntimeActors.Messages;
using System.Buffers;
using System.Runtime.CompilerServices;
using RuntimeActors.Pipes;
using RuntimeActors.Transports;
using RuntimeActors.Wire;
using Pipe = RuntimeActors.Pipes.Pipe;

namespace RuntimeActors.Engine;

internal sealed partial class ZmtpEngine
{
    /// <summary>Bodies up to this size are copied in one piece with their header; larger ones follow it across buffer segments.</summary>
    private const int InlineBodyLength = 1024;

    private readonly Lock _controlGate = new();
    private readonly byte[] _pendingPongContext = new byte[ZmtpPingCommand.MaxContextLength];
    private readonly byte[] _pongContext = new byte[ZmtpPingCommand.MaxContextLength];
    private int _pendingPongLength;
    private bool _pongDue;
    private bool _pingDue;
    private long _unflushed;

    // The queue the write loop waits on, once it runs: a command made due wakes that wait, so the loop waits on one thing.
    private MessageQueue? _controlWake;

    /// <summary>Asks the write loop to answer a PING; like libzmq, only the latest unanswered PING is answered.</summary>
    private void QueuePong(ReadOnlySpan<byte> context)
    {
        lock (_controlGate)
        {
            context.CopyTo(_pendingPongContext);
            _pendingPongLength = context.Length;
            _pongDue = true;
        }

        Volatile.Read(ref _controlWake)?.WakeReader();
    }

    /// <summary>Asks the write loop to send a PING (the heartbeat interval elapsed).</summary>
    private void QueuePing()
    {
        lock (_controlGate)
        {
            _pingDue = true;
        }

        Volatile.Read(ref _controlWake)?.WakeReader();
    }

    /// <summary>
    /// Takes the commands due. One made due after this call wakes the write loop's next wait on the queue (or ends it at
    /// once), so no request is lost between check and wait.
    /// </summary>
    private Control TakeControl()
    {
        lock (_controlGate)
        {
            var control = new Control(_pongDue ? _pendingPongLength : -1, _pingDue);
            if (_pongDue)
            {
                _pendingPongContext.AsSpan(0, _pendingPongLength).CopyTo(_pongContext);
            }

            _pongDue = false;
            _pingDue = false;
            return control;
        }
    }

    /// <summary>
    /// The write loop: wait for messages or due commands, encode a batch, flush once. After a
    /// graceful close it keeps going until the queue is empty, then returns.
    /// </summary>
    /// <remarks>
    /// It waits on the queue alone, a wait the queue reuses, and due commands wake that wait (<see cref="QueuePing"/>):
    /// waiting on the queue and a command signal together took a <see cref="Task.WhenAny(Task, Task)"/>, and the queue's
    /// wait a task and a cancellation promise, 320 B of each REQ/REP round trip on each side over tcp.
    /// </remarks>
    private async Task WriteLoopAsync(Pipe pipe, RunState run)
    {
        var queue = pipe.Outbound;
        var batch = new List<ZMessage>();
        var abort = run.Abort.Token;
        var closing = false;
        // A command made due before this is seen by the first TakeControl; one made due after wakes the wait.
        Volatile.Write(ref _controlWake, queue);
        try
        {
            while (true)
            {
                var control = closing ? Control.None : TakeControl();
                queue.ReadBatch(batch, MaxWriteBatch);
                if (batch.Count > 0 || control.IsPending)
                {
                    var open = await WriteBatchAsync(run, batch, control, abort).ConfigureAwait(false);
                    batch.Clear();
                    if (!open)
                    {
                        return;
                    }

                    continue;
                }

                if (closing)
                {
                    // Everything queued before the close has been flushed.
                    return;
                }

                try
                {
                    if (!await queue.WaitToReadAsync(run.Stopping.Token).ConfigureAwait(false))
                    {
                        // The socket completed the queue and everything in it was sent: a graceful close.
                        return;
                    }
                }
                catch (OperationCanceledException) when (run.Graceful.IsCancellationRequested && !abort.IsCancellationRequested)
                {
                    // A graceful close: drain what is queued now, then stop.
                    closing = true;
                }
            }
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            // The connection is ending without a flush (the peer went away, or an error or timeout).
        }
        finally
        {
            // The pipe may outlive this connection: a PONG this engine's read loop queues late would wake the next engine's writer for nothing.
            Interlocked.CompareExchange(ref _controlWake, null, queue);
        }
    }

    /// <summary>Encodes due commands and a batch of messages and flushes.</summary>
    /// <returns>False when the transport no longer takes data.</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> WriteBatchAsync(RunState run, List<ZMessage> batch, Control control, CancellationToken cancellationToken)
    {
        if (control.PongContextLength >= 0)
        {
            var length = ZmtpPongCommand.GetFrameLength(control.PongContextLength);
            ZmtpPongCommand.Write(_output.GetSpan(length), _pongContext.AsSpan(0, control.PongContextLength));
            Advance(length);
        }

        if (control.PingDue)
        {
            var length = ZmtpPingCommand.GetFrameLength(0);
            ZmtpPingCommand.Write(_output.GetSpan(length), _pingTtlDeciseconds, default);
            Advance(length);
            run.ArmPingTimeout();
        }

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
                    if (frame.Length >= DirectBodyThreshold && _output is IDirectSend transport)
                    {
                        // The body goes from the message's array to the socket, after its header and what is buffered.
                        Advance(ZmtpFrameHeader.Write(_output.GetSpan(ZmtpFrameHeader.LongLength), frame.Length, more: i < last, command: false));
                        _unflushed = 0;
                        if (!await SendDirectAsync(transport, frame, cancellationToken).ConfigureAwait(false))
                        {
                            return false;
                        }
                    }
                    else if (frame.Length <= FlushThreshold)
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
            if (_unflushed >= FlushThreshold && !await FlushTransportAsync(cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        return _unflushed == 0 || await FlushTransportAsync(cancellationToken).ConfigureAwait(false);
    }

    private void Advance(int length)
    {
        _output.Advance(length);
        _unflushed += length;
    }

    private void WriteFrame(ReadOnlySpan<byte> body, bool more)
    {
        if (body.Length <= InlineBodyLength)
        {
            var headerLength = ZmtpFrameHeader.GetLength(body.Length);
            var span = _output.GetSpan(headerLength + body.Length);
            ZmtpFrameHeader.Write(span, body.Length, more, command: false);
            body.CopyTo(span[headerLength..]);
            Advance(headerLength + body.Length);
            return;
        }

        Advance(ZmtpFrameHeader.Write(_output.GetSpan(ZmtpFrameHeader.LongLength), body.Length, more, command: false));
        _output.Write(body);
        _unflushed += body.Length;
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
            throw new IOException($"Writing to {_remoteAddress} on {_endpoint} failed: {e.Message}", e);
        }
    }

    /// <summary>Streams a large body in pieces, flushing every <see cref="FlushThreshold"/> bytes so it never sits whole in the transport's buffers.</summary>
    private async ValueTask<bool> WriteLargeFrameAsync(ReadOnlyMemory<byte> body, bool more, CancellationToken cancellationToken)
    {
        Advance(ZmtpFrameHeader.Write(_output.GetSpan(ZmtpFrameHeader.LongLength), body.Length, more, command: false));
        while (!body.IsEmpty)
        {
            var room = (int)Math.Min(FlushThreshold - _unflushed, body.Length);
            if (room > 0)
            {
                _output.Write(body.Span[..room]);
                _unflushed += room;
                body = body[room..];
            }

            if (_unflushed >= FlushThreshold && !await FlushTransportAsync(cancellationToken).ConfigureAwait(false))
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
        int length;
        if (_peerUsesSubscriptionCommands)
        {
            length = ZmtpSubscriptionCommand.GetFrameLength(subscribe, topic.Length);
            ZmtpSubscriptionCommand.Write(_output.GetSpan(length), subscribe, topic);
        }
        else
        {
            length = ZmtpLegacySubscription.GetFrameLength(topic.Length);
            ZmtpLegacySubscription.Write(_output.GetSpan(length), subscribe, topic);
        }

        Advance(length);
    }

    /// <summary>What the write loop has to send besides messages.</summary>
    /// <param name="PongContextLength">The context length of the PONG due, or -1 when none is.</param>
    /// <param name="PingDue">Whether a heartbeat PING is due.</param>
    private readonly record struct Control(int PongContextLength, bool PingDue)
    {
        public static Control None => new(-1, false);

        public bool IsPending => PongContextLength >= 0 || PingDue;
    }
}
