using Akka.Actor;
using Akka.Event;

namespace RuntimeActors.Sockets;

/// <summary>Closing with linger: queued messages get up to ZMQ_LINGER to reach the peers that are connected.</summary>
internal sealed partial class SocketActor
{
    private static readonly object LingerKey = new();
    private static readonly object FlushCheckKey = new();
    private static readonly TimeSpan FlushCheckInterval = TimeSpan.FromMilliseconds(5);
    private readonly List<IActorRef> _closeRequesters = [];
    private bool _closing;

    // A tick that finds the socket stopped is no news: neither is logged as a dead letter.
    private sealed record LingerExpired : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static LingerExpired Instance { get; } = new();
    }

    private sealed record FlushCheck : INoSerializationVerificationNeeded, IDeadLetterSuppression
    {
        public static FlushCheck Instance { get; } = new();
    }

    private bool OnCloseMessage(object message)
    {
        switch (message)
        {
            case Zmq.Close:
                _closeRequesters.Add(Sender);
                BeginClose();
                return true;
            case FlushCheck when AllFlushed():
            case LingerExpired:
                FinishClose();
                return true;
            case FlushCheck:
                return true;
            default:
                return false;
        }
    }

    private void BeginClose()
    {
        if (_closing)
        {
            return;
        }

        _closing = true;

        // Writers waiting for room would wait for good: resumed, their next send learns that the socket is closing.
        ResumeWriters();
        // Engines write what is queued, then end their connection gracefully. A pipe still connecting keeps its
        // messages: as in libzmq, its connecter goes on trying to deliver them until the linger expires.
        foreach (var pipe in _socket.Core.SnapshotPipes())
        {
            pipe.Outbound.Complete();
        }

        var linger = _socket.Options.Linger;
        if (linger == TimeSpan.Zero || AllFlushed())
        {
            FinishClose();
            return;
        }

        if (linger != Timeout.InfiniteTimeSpan)
        {
            Timers.StartSingleTimer(LingerKey, LingerExpired.Instance, linger);
        }

        // Sessions leave the pipe set as their engines finish; no message announces the last one, so check.
        Timers.StartPeriodicTimer(FlushCheckKey, FlushCheck.Instance, FlushCheckInterval);
    }

    private bool AllFlushed() => _socket.Core.SnapshotPipes().All(pipe => pipe.Peer is null && pipe.Outbound.Count == 0);

    /// <summary>Stops the socket; the close requesters are answered from PostStop, once every listener and connection is closed.</summary>
    private void FinishClose()
    {
        _socket.Core.Close();
        Context.Stop(Self);
    }

    private void AnswerCloseRequesters()
    {
        foreach (var requester in _closeRequesters)
        {
            requester.Tell(Zmq.Closed.Instance, Self);
        }
    }
}
