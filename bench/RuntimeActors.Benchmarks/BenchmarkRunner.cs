using System.Diagnostics;

namespace RuntimeActors.Benchmarks;

/// <summary>Warms a benchmark up with a full smaller run, then measures one run of the requested size.</summary>
internal static class BenchmarkRunner
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);

    public static Measurement Measure(Benchmark benchmark, long operations)
    {
        // A tenth of the run, at least enough for the JIT to reach optimized code for the hot loops.
        Execute(benchmark, Math.Max(operations / 10, Math.Min(operations, 100_000)));

        var (completion, actual) = benchmark.Prepare(operations);

        // Garbage of the warm-up would otherwise be collected during, and counted against, the measured run.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        var before = CounterSnapshot.Take();
        var stopwatch = Stopwatch.StartNew();
        benchmark.Go();
        Await(benchmark, completion);
        stopwatch.Stop();
        var after = CounterSnapshot.Take();

        return new Measurement(
            benchmark.Scenario,
            benchmark.Variant,
            benchmark.Unit,
            actual,
            stopwatch.Elapsed,
            after.AllocatedBytes - before.AllocatedBytes,
            after.Gen0 - before.Gen0,
            after.Gen1 - before.Gen1,
            after.Gen2 - before.Gen2,
            after.PoolWorkItems - before.PoolWorkItems,
            after.PoolThreads,
            after.CpuTime - before.CpuTime);
    }

    private static void Execute(Benchmark benchmark, long operations)
    {
        var (completion, _) = benchmark.Prepare(operations);
        benchmark.Go();
        Await(benchmark, completion);
    }

    private static void Await(Benchmark benchmark, Task completion)
    {
        if (!completion.Wait(RunTimeout))
        {
            throw new TimeoutException($"{benchmark.Scenario}/{benchmark.Variant} did not finish within {RunTimeout}.");
        }
    }
}
