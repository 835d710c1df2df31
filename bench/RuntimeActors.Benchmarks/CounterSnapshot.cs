namespace RuntimeActors.Benchmarks;

/// <summary>The process-wide allocation, collection and thread-pool counters at one instant.</summary>
internal readonly record struct CounterSnapshot(long AllocatedBytes, int Gen0, int Gen1, int Gen2, long PoolWorkItems, int PoolThreads, TimeSpan CpuTime)
{
    // precise: true also counts the unused rest of each thread's allocation context, so that a run that
    // allocates a few bytes is not reported as zero because they fit in an already reserved context.
    // Every mailbox turn is one thread-pool work item, so the work-item count shows how often actors yield.
    // CPU time, unlike wall time, hardly moves when other processes share the cores.
    public static CounterSnapshot Take() =>
        new(
            GC.GetTotalAllocatedBytes(precise: true),
            GC.CollectionCount(0),
            GC.CollectionCount(1),
            GC.CollectionCount(2),
            ThreadPool.CompletedWorkItemCount,
            ThreadPool.ThreadCount,
            Environment.CpuUsage.TotalTime);
}
