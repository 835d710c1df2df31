namespace RuntimeActors.Benchmarks;

/// <summary>
/// One run of a benchmark: the actor that counts completes <see cref="Done"/> at the <see cref="Expected"/>th
/// message. It is sent to the long-lived actors before every run, because reusing the actors across the
/// warm-up and the measured run keeps the measured run free of the one-time growth of fresh mailboxes.
/// </summary>
internal sealed class BenchmarkRun
{
    public BenchmarkRun(long expected) => Expected = expected;

    public long Expected { get; }

    public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
