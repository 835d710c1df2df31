using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using RuntimeActors.Transports;
using RuntimeActors.Wire;
using Pipe = RuntimeActors.Pipes.Pipe;

namespace RuntimeActors.Engine;

/// <summary>The read loop: bytes from the transport through the decoder to the socket.</summary>
internal sealed partial class ZmtpEngine
{
    /// <summary>
    /// The read loop: decode a batch, release the transport's buffer, then deliver the batch in order. Messages are
    /// handed to <see cref="IEngineHost.DeliverAsync(Pipe, IReadOnlyList{ZMessage}, CancellationToken)"/> a decoded
    /// batch at a time and awaited, so a full socket stops the engine reading and the transport pushes back on the peer.
    /// </summary>
    private async Task ReadLoopAsync(Pipe pipe, IEngineHost host, RunState run)
    {
        var cancellationToken = run.Stopping.Token;
        // Grown on demand, not sized to MaxReadBatch: at 10,000 mostly idle connections the empty slots of the
        // read and write batches came to 12 KB a connection (bench/run.sh's router scale row, dotnet-gcdump).
        var inbound = new List<ZmtpInbound>();
        var messages = new List<ZMessage>();
        try
        {
            while (true)
            {
                // A large body completed straight from the socket is decoded from no input: the decoder knows it is whole.
                var direct = await ReceiveBodyDirectlyAsync(run, cancellationToken).ConfigureAwait(false);
                var result = direct ? default : await _connection.ReadAsync(cancellationToken).ConfigureAwait(false);
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
                    drained = _decoder.Decode(buffer, inbound, MaxReadBatch, run, out consumed);
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
                    _connection.Input.AdvanceTo(consumed);
                }

                await DeliverAsync(pipe, host, inbound, messages, cancellationToken).ConfigureAwait(false);
                inbound.Clear();
                _decoder.RetireSharedBuffer();
                if (fault is not null)
                {
                    ExceptionDispatchInfo.Throw(fault);
                }

                if (result.IsCompleted && drained)
                {
                    _decoder.EnsureClosedAtMessageBoundary();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped: a graceful close, or the other loop ended.
        }
        finally
        {
            // The decoder's references to pooled memory go back however reading ends; messages keep theirs.
            _decoder.ReleaseBuffers();
        }
    }

    /// <summary>
    /// Receives the rest of a large frame body from the socket straight into the message's array, as libzmq's decoder
    /// does, instead of through the transport's read buffer and a copy; only while the transport holds no bytes, so the
    /// stream's order is kept. Small remainders go the ordinary way, where one receive carries many frames. Each receive
    /// goes into the body's memory as it is; the decoder grows it when full, by what arrived, never to the header's claim.
    /// </summary>
    /// <returns>True when the body is now complete.</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> ReceiveBodyDirectlyAsync(RunState run, CancellationToken cancellationToken)
    {
        while (_connection.Input is IDirectReceive transport && _decoder.WantsBodyDirectly(DirectBodyThreshold) && transport.HoldsNoBytes)
        {
            int received;
            try
            {
                received = await transport.ReceiveDirectAsync(_decoder.ReserveBody(), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException and not IOException)
            {
                throw _connection.ReadFailed(e);
            }

            if (received == 0)
            {
                // The end of the stream: the ordinary read reports it, and the truncated frame.
                return false;
            }

            run.NoteReceived();
            if (_decoder.AdvanceBody(received))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Hands the decoded items over in order: each run of messages as one batch, subscriptions between them one by one.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private static async ValueTask DeliverAsync(Pipe pipe, IEngineHost host, List<ZmtpInbound> inbound, List<ZMessage> messages, CancellationToken cancellationToken)
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

            // Awaited as deliveries are: an XPUB at its high-water mark stops the reading here.
            await host.OnSubscriptionAsync(pipe, item.Subscribe, item.Topic, cancellationToken).ConfigureAwait(false);
        }

        if (messages.Count > 0)
        {
            await host.DeliverAsync(pipe, messages, cancellationToken).ConfigureAwait(false);
            messages.Clear();
        }
    }
}
