using RuntimeActors.Actors;

namespace RuntimeActors.Sockets;

/// <summary>Closing with linger: queued messages get up to ZMQ_LINGER to reach the peers that are connected.</summary>
internal sealed partial class SocketActor
{
    private static readonly object LingerKey = new();
    private static readonly object FlushCheckKey = new();
    private static readonly TimeSpan FlushCheckInterval = TimeSpan.FromMilliseconds(5);
    private readonly List<IActorRef> _closeRequesters = [];
    private bool _closing;

    private sealed record LingerExpired
    {
        public static LingerExpired Instance { get; } = new();
    }

    private sealed record FlushCheck
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
        foreach (var pipe in _socket.Core.SnapshotPipes())
        {
            if (pipe.Peer is null)
            {
                // Nobody is connected to take these: waiting for them could last forever.
                pipe.Outbound.Clear();
            }

            // Engines write what is queued, then end their connection gracefully.
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

    private bool AllFlushed() => _socket.Core.SnapshotPipes().All(pipe => pipe.Peer is null);

    private void FinishClose()
    {
        _socket.Core.Close();
        // Closed is told from PostStop, after the endpoint actors have stopped and released their addresses.
        Context.Stop(Self);
    }
}
