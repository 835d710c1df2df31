using RuntimeActors.Actors;

namespace RuntimeActors.Benchmarks;

/// <summary>Sends payloads to a target in one of the actor <see cref="SendMode"/>s.</summary>
internal sealed class SenderActor : UntypedActor
{
    private readonly SendMode _mode;
    private readonly int _chunk;
    private readonly int _window;
    private IActorRef _target = ActorRefs.Nobody;
    private long _remaining;

    public SenderActor(SendMode mode, int chunk, int window)
    {
        if (mode is not (SendMode.Loop or SendMode.Chunked or SendMode.Windowed))
        {
            throw new ArgumentOutOfRangeException(nameof(mode), mode, "Not an actor send mode.");
        }

        _mode = mode;
        _chunk = chunk;
        _window = window;
    }

    protected override void OnReceive(object message)
    {
        if (ReferenceEquals(message, Signal.Continue))
        {
            SendChunk();
            if (_remaining > 0)
            {
                Self.Tell(Signal.Continue, Self);
            }
        }
        else if (ReferenceEquals(message, Signal.Ack))
        {
            if (_remaining > 0)
            {
                SendWindowChunk();
            }
        }
        else if (message is StartSending start)
        {
            _target = start.Target;
            _remaining = start.Count;
            Start();
        }
        else
        {
            Unhandled(message);
        }
    }

    private void Start()
    {
        switch (_mode)
        {
            case SendMode.Loop:
                Send(_remaining);
                break;
            case SendMode.Chunked:
                Self.Tell(Signal.Continue, Self);
                break;
            default:
                // Fill the window; each Ack then releases one more chunk.
                for (var i = 0; i < _window && _remaining > 0; i++)
                {
                    SendWindowChunk();
                }

                break;
        }
    }

    private void SendWindowChunk()
    {
        SendChunk();

        // The last chunk asks for no Ack: every Ack of a run is then told before the receiver completes it,
        // and none can arrive after the next run has started and widen its window.
        if (_remaining > 0)
        {
            _target.Tell(Signal.ChunkEnd, Self);
        }
    }

    private void SendChunk() => Send(Math.Min(_chunk, _remaining));

    private void Send(long count)
    {
        _remaining -= count;
        var target = _target;
        var self = Self;
        for (var i = 0L; i < count; i++)
        {
            target.Tell(Signal.Payload, self);
        }
    }
}
