using RuntimeActors.Messages;
using System.Buffers;
using System.Runtime.CompilerServices;
using RuntimeActors.Pipes;
using RuntimeActors.Transports;
using RuntimeActors.Wire;
using Pipe = RuntimeActors.Pipes.Pipe;

namespace RuntimeActors.Engine;

/// <summary>The write loop: the socket's queue and due heartbeat commands through the encoder to the transport.</summary>
internal sealed partial class ZmtpEngine
{
    private readonly Lock _controlGate = new();
    private readonly byte[] _pendingPongContext = new byte[ZmtpPingCommand.MaxContextLength];
    private readonly byte[] _pongContext = new byte[ZmtpPingCommand.MaxContextLength];
    private int _pendingPongLength;
    private bool _pongDue;
    private bool _pingDue;

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
    private ValueTask<bool> WriteBatchAsync(RunState run, List<ZMessage> batch, Control control, CancellationToken cancellationToken)
    {
        if (control.PongContextLength >= 0)
        {
            _encoder.WritePong(_pongContext.AsSpan(0, control.PongContextLength));
        }

        if (control.PingDue)
        {
            _encoder.WritePing(_pingTtlDeciseconds);
            run.ArmPingTimeout();
        }

        return _encoder.WriteAsync(batch, cancellationToken);
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
