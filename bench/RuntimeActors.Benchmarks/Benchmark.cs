using RuntimeActors.Actors;

namespace RuntimeActors.Benchmarks;

/// <summary>
/// A scenario with its own actor system and long-lived actors. A run is split in two so that the runner can
/// take its measurements between them: <see cref="Prepare"/> allocates whatever the run needs, and
/// <see cref="Go"/> only sends pre-allocated messages.
/// </summary>
internal abstract class Benchmark : IDisposable
{
    protected Benchmark(string scenario, string variant, string unit, int throughput)
    {
        Scenario = scenario;
        Variant = variant;
        Unit = unit;
        System = ActorSystem.Create("bench", new ActorSystemOptions { Throughput = throughput, LogDeadLetters = false });
    }

    public string Scenario { get; }

    public string Variant { get; }

    /// <summary>What one operation is, e.g. "msg" or "round trip".</summary>
    public string Unit { get; }

    protected ActorSystem System { get; }

    /// <summary>Readies a run of <paramref name="operations"/>; the task completes when the run has finished.</summary>
    /// <returns>The completion of the run and the number of operations it will actually perform.</returns>
    public abstract (Task Completion, long Operations) Prepare(long operations);

    /// <summary>Starts the prepared run; a plain-thread sender also sends all its messages here.</summary>
    public abstract void Go();

    public void Dispose()
    {
        // A benchmark that does not stop would leave pool threads busy and skew the next scenario.
        if (!System.Terminate().Wait(TimeSpan.FromSeconds(10)))
        {
            throw new TimeoutException($"The actor system of {Scenario}/{Variant} did not terminate.");
        }
    }
}
