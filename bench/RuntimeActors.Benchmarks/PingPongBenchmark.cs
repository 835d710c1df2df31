using RuntimeActors.Actors;

namespace RuntimeActors.Benchmarks;

/// <summary>One ball between two actors: every round trip is two Tells, each to an idle actor that must be scheduled.</summary>
internal sealed class PingPongBenchmark : Benchmark
{
    private readonly IActorRef _ping;
    private BenchmarkRun? _run;

    public PingPongBenchmark(int throughput)
        : base("ping-pong", "1 ball, 2 actors", "round trip", throughput)
    {
        var pong = System.ActorOf(Props.Create(() => new PongActor()), "pong");
        _ping = System.ActorOf(Props.Create(() => new PingActor(pong)), "ping");
    }

    public override (Task Completion, long Operations) Prepare(long operations)
    {
        _run = new BenchmarkRun(operations);
        return (_run.Done.Task, operations);
    }

    public override void Go() => _ping.Tell(_run!, null);
}
