namespace RuntimeActors.Wire.Benchmarks;

/// <summary>
/// Heap bytes the whole process allocates, so that the runtime's own threads (actors, socket I/O) count
/// along with the caller's.
/// </summary>
internal static class Allocation
{
    public static long Now() => GC.GetTotalAllocatedBytes(precise: true);

    public static double PerMessage(long before, long after, long messages) => (double)(after - before) / messages;
}
