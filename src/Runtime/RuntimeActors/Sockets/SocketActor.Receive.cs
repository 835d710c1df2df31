using Akka.Actor;
using Akka.Event;

namespace RuntimeActors.Sockets;

/// <summary>
/// Receiving into an actor in pull mode, as Akka.IO's ResumeReading: the receiver holds at most
/// <see cref="SocketOptions.ReceiveWindow"/> <see cref="Zmq.Received"/> it has not acknowledged with
/// <see cref="Zmq.ReceiveAck"/>. While the window is full the socket takes nothing from its inbound queue, which
/// fills to ZMQ_RCVHWM and stops the engines reading: a slow actor slows the peer instead of growing a mailbox.
/// </summary>
internal sealed partial class SocketActor
{
    private int _unacknowledged;
    private bool _receiving;

    // Messages of the actor to itself carry live objects and never leave the node: serialize-messages skips them.
    private sealed record Pumped(ZMessage Message) : INoSerializationVerificationNeeded, IDeadLetterSuppression;

    private sealed record PumpFailed(Exception Cause) : INoSerializationVerificationNeeded, IDeadLetterSuppression;

    private void PumpReceived()
    {
        var window = _socket.Options.ReceiveWindow;
        var core = _socket.Core;
        try
        {
            // What is queued goes at once; only an empty queue costs an asynchronous receive.
            while (!_receiving && _unacknowledged < window && !core.IsClosed)
            {
                if (core.TryReceive(out var message))
                {
                    Deliver(message);
                    continue;
                }

                _receiving = true;
                core.ReceiveAsync(Timeout.InfiniteTimeSpan, _stopping.Token)
                    .PipeTo(Self, success: static received => new Pumped(received), failure: static cause => new PumpFailed(cause));
            }
        }
        catch (ZmqException e)
        {
            OnPumpFailed(new PumpFailed(e));
        }
    }

    private void OnPumpFailed(PumpFailed failed)
    {
        _receiving = false;
        switch (failed.Cause)
        {
            case OperationCanceledException:
            case ZmqException { Error: ZmqError.NotSocket or ZmqError.Terminated }:
                // The socket is closing: nothing more to receive.
                return;
            case ZmqException { Error: ZmqError.InvalidState }:
                // REQ receives only after it sent: the next send starts the pump again.
                return;
            default:
                throw failed.Cause;
        }
    }

    private void OnPumped(Pumped pumped)
    {
        _receiving = false;
        Deliver(pumped.Message);
        PumpReceived();
    }

    private void Deliver(ZMessage message)
    {
        _unacknowledged++;
        _receiver!.Tell(new Zmq.Received(message), Self);
    }

    private void OnReceiveAck(Zmq.ReceiveAck ack)
    {
        _unacknowledged = Math.Max(0, _unacknowledged - Math.Max(1, ack.Count));
        if (_receiver is not null)
        {
            PumpReceived();
        }
    }
}
