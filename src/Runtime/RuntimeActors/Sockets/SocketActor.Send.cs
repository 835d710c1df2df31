using Akka.Actor;
using Akka.Event;

namespace RuntimeActors.Sockets;

/// <summary>
/// Sending from actors, with Akka.IO's flow control: a send is routed at once or refused at once, never queued in
/// the actor without bound. A refused writer asks <see cref="Zmq.ResumeWriting"/> and is told
/// <see cref="Zmq.WritingResumed"/> when a pipe has room again.
/// </summary>
internal sealed partial class SocketActor
{
    // Read before each send: a pipe that gets room between a refused send and the writer's ResumeWriting is not missed.
    private int _writableBeforeRefusal;
    private bool _resumeWaiting;

    private sealed class Writable : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static Writable Instance { get; } = new();
    }

    private void OnSend(Zmq.Send send)
    {
        if (_closing)
        {
            // Closing completed every pipe: none takes a message again, so EAGAIN would have the writer retry forever.
            Sender.Tell(new Zmq.SendFailed(send.Message, ZmqError.NotSocket) { Reason = "the socket is closing" }, Self);
            return;
        }

        var core = _socket.Core;
        var version = core.WritableVersion;
        bool routed;
        try
        {
            routed = core.TrySendCopy(send.Message);
        }
        catch (ZmqException e)
        {
            Sender.Tell(new Zmq.SendFailed(send.Message, e.Error) { Reason = e.Message }, Self);
            return;
        }

        if (!routed)
        {
            _writableBeforeRefusal = version;
            Sender.Tell(new Zmq.SendFailed(send.Message, ZmqError.WouldBlock) { Reason = "every pipe the message could take is at the high-water mark" }, Self);
            return;
        }

        if (send.Ack is { } ack)
        {
            Sender.Tell(ack, Self);
        }

        if (_receiver is not null && !_receiving)
        {
            // A REQ socket's pump waits for its send (EFSM before it).
            PumpReceived();
        }
    }

    private bool OnWritingMessage(object message)
    {
        switch (message)
        {
            case Zmq.ResumeWriting when _closing:
                // No pipe gets room again: the writer's next send learns that the socket is closing.
                Sender.Tell(Zmq.WritingResumed.Instance, Self);
                return true;
            case Zmq.ResumeWriting:
                // One answer per writer, as Akka.IO: a writer that asks again is not resumed twice.
                if (!_resumeWriters.Contains(Sender))
                {
                    _resumeWriters.Add(Sender);
                }

                if (!_resumeWaiting)
                {
                    _resumeWaiting = true;
                    _socket.Core.WaitWritableAsync(_writableBeforeRefusal, _stopping.Token)
                        .PipeTo(Self, success: static () => Writable.Instance, failure: static _ => Writable.Instance);
                }

                return true;
            case Writable:
                _resumeWaiting = false;
                ResumeWriters();
                return true;
            default:
                return false;
        }
    }

    private void ResumeWriters()
    {
        foreach (var writer in _resumeWriters)
        {
            writer.Tell(Zmq.WritingResumed.Instance, Self);
        }

        _resumeWriters.Clear();
    }

    private readonly List<IActorRef> _resumeWriters = [];
}
