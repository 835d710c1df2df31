using RuntimeActors.Actors;

namespace RuntimeActors.Benchmarks;

/// <summary>Serves the ball on a new run and returns it until the run's number of round trips is reached.</summary>
internal sealed class PingActor : UntypedActor
{
    private readonly IActorRef _pong;
    private BenchmarkRun? _run;
    private long _roundTrips;

    public PingActor(IActorRef pong) => _pong = pong;

    protected override void OnReceive(object message)
    {
        if (ReferenceEquals(message, Signal.Ball))
        {
            if (++_roundTrips == _run!.Expected)
            {
                _run.Done.TrySetResult();
            }
            else
            {
                Sender.Tell(Signal.Ball, Self);
            }
        }
        else if (message is BenchmarkRun run)
        {
            _run = run;
            _roundTrips = 0;
            _pong.Tell(Signal.Ball, Self);
        }
        else
        {
            Unhandled(message);
        }
    }
}
