using RuntimeActors.Actors;

namespace RuntimeActors.Benchmarks;

/// <summary>Counts payloads and completes the current run at the expected count; answers chunk ends with an Ack.</summary>
internal sealed class CountingReceiver : UntypedActor
{
    private BenchmarkRun? _run;
    private long _received;

    protected override void OnReceive(object message)
    {
        // Reference comparisons keep the per-message work of the receiver as small as the kernel's.
        if (ReferenceEquals(message, Signal.Payload))
        {
            if (++_received == _run!.Expected)
            {
                _run.Done.TrySetResult();
            }
        }
        else if (ReferenceEquals(message, Signal.ChunkEnd))
        {
            Sender.Tell(Signal.Ack, Self);
        }
        else if (ReferenceEquals(message, Signal.Filler))
        {
            // Fillers have done their job by occupying the mailbox.
        }
        else if (message is Hold hold)
        {
            // Blocking an actor is wrong in an application; here it is the point: the mailbox fills up.
            hold.Released.Wait();
        }
        else if (message is BenchmarkRun run)
        {
            _run = run;
            _received = 0;
        }
        else
        {
            Unhandled(message);
        }
    }
}
