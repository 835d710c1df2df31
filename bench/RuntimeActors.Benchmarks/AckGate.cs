using RuntimeActors.Actors;

namespace RuntimeActors.Benchmarks;

/// <summary>
/// The reply address of a plain thread that sends in windows: every Ack a receiver tells it returns one
/// credit, and <see cref="Acquire"/> blocks the thread while it has none. It is an <see cref="IActorRef"/>
/// so that the receiver answers it with an ordinary <c>Sender.Tell</c>.
/// </summary>
internal sealed class AckGate : IActorRef
{
    private readonly object _sync = new();
    private int _credits;

    public AckGate(int credits) => _credits = credits;

    public ActorPath Path { get; } = ActorPath.Root("bench").Child("ack-gate");

    public void Tell(object message, IActorRef? sender) => Release();

    public void Release()
    {
        lock (_sync)
        {
            _credits++;
            Monitor.Pulse(_sync);
        }
    }

    public void Acquire()
    {
        lock (_sync)
        {
            while (_credits == 0)
            {
                Monitor.Wait(_sync);
            }

            _credits--;
        }
    }

    /// <summary>Waits until <paramref name="credits"/> are available, i.e. every chunk of the previous run was acknowledged.</summary>
    public void WaitForCredits(int credits)
    {
        lock (_sync)
        {
            while (_credits < credits)
            {
                Monitor.Wait(_sync);
            }
        }
    }
}
