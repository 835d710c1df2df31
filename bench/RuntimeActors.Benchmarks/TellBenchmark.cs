using RuntimeActors.Actors;

namespace RuntimeActors.Benchmarks;

/// <summary>
/// One-way Tells of a pre-allocated payload to one <see cref="CountingReceiver"/>, from one or more
/// <see cref="SenderActor"/>s (one-way, fan-in) or from the calling thread.
/// </summary>
internal sealed class TellBenchmark : Benchmark
{
    private readonly SendMode _mode;
    private readonly int _chunk;
    private readonly int _window;
    private readonly IActorRef _receiver;
    private readonly IActorRef[] _senders;
    private readonly AckGate? _gate;
    private StartSending[] _starts = [];
    private long _perSender;

    public TellBenchmark(string scenario, SendMode mode, int senders, int chunk, int window, int throughput)
        : base(scenario, Describe(mode, chunk, window), "msg", throughput)
    {
        _mode = mode;
        _chunk = chunk;
        _window = window;
        _receiver = System.ActorOf(Props.Create(() => new CountingReceiver()), "receiver");
        var external = mode is SendMode.External or SendMode.ExternalWindowed;
        if (external && senders != 1)
        {
            throw new ArgumentOutOfRangeException(nameof(senders), senders, "A plain-thread sender is always one.");
        }

        _senders = external
            ? []
            : Enumerable.Range(0, senders).Select(i => System.ActorOf(Props.Create(() => new SenderActor(mode, chunk, window)), $"sender-{i}")).ToArray();
        _gate = mode == SendMode.ExternalWindowed ? new AckGate(window) : null;
        if (mode is SendMode.Windowed or SendMode.ExternalWindowed)
        {
            GrowReceiverMailbox(senders * window * (chunk + 1));
        }
    }

    public override (Task Completion, long Operations) Prepare(long operations)
    {
        // Every Ack of the previous run was told before it completed; this only guards that invariant.
        _gate?.WaitForCredits(_window);
        var senders = Math.Max(_senders.Length, 1);
        _perSender = Math.Max(operations / senders, 1);
        var run = new BenchmarkRun(_perSender * senders);
        _starts = _senders.Select(_ => new StartSending(_receiver, _perSender)).ToArray();

        // Queued before any payload of the run, so the receiver has reset its count when they arrive.
        _receiver.Tell(run, null);
        return (run.Done.Task, run.Expected);
    }

    public override void Go()
    {
        switch (_mode)
        {
            case SendMode.External:
                for (var i = _perSender; i > 0; i--)
                {
                    _receiver.Tell(Signal.Payload, null);
                }

                break;
            case SendMode.ExternalWindowed:
                SendWindowed(_gate!);
                break;
            default:
                for (var i = 0; i < _senders.Length; i++)
                {
                    _senders[i].Tell(_starts[i], null);
                }

                break;
        }
    }

    private static string Describe(SendMode mode, int chunk, int window) => mode switch
    {
        SendMode.Loop => "actor, one loop",
        SendMode.Chunked => $"actor, chunks of {chunk}",
        SendMode.Windowed => $"actor, {window}x{chunk} window",
        SendMode.External => "thread, one loop",
        SendMode.ExternalWindowed => $"thread, {window}x{chunk} window",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };

    /// <summary>
    /// Grows the receiver's mailbox once, so that it can hold the largest backlog the windows allow. The mailbox
    /// queue grows by allocating a bigger segment whenever its backlog reaches a new high; a warm-up run reaches
    /// that high only by chance, so without this a measured run would now and then pay a one-off growth.
    /// </summary>
    private void GrowReceiverMailbox(int backlog)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _receiver.Tell(new Hold(release.Task), null);

        // Twice the backlog: the segments double in size and only the last, largest one is kept once the
        // queue drains, so it is larger than the backlog only if the fill reached twice that.
        for (var i = 0; i < 2 * backlog; i++)
        {
            _receiver.Tell(Signal.Filler, null);
        }

        release.SetResult();
    }

    private void SendWindowed(AckGate gate)
    {
        var receiver = _receiver;
        for (var remaining = _perSender; remaining > 0;)
        {
            gate.Acquire();
            var count = Math.Min(_chunk, remaining);
            remaining -= count;
            for (var i = 0; i < count; i++)
            {
                receiver.Tell(Signal.Payload, null);
            }

            // As in SenderActor, the last chunk asks for no Ack.
            if (remaining > 0)
            {
                receiver.Tell(Signal.ChunkEnd, gate);
            }
        }

        // The credit of the unacknowledged last chunk, so that the next run starts with a full window.
        gate.Release();
    }
}
