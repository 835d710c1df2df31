namespace RuntimeActors.Benchmarks;

/// <summary>The outcome of one measured run.</summary>
internal sealed record Measurement(
    string Scenario,
    string Variant,
    string Unit,
    long Operations,
    TimeSpan Elapsed,
    long AllocatedBytes,
    int Gen0,
    int Gen1,
    int Gen2,
    long PoolWorkItems,
    int PoolThreads,
    TimeSpan CpuTime)
{
    public double OperationsPerSecond => Operations / Elapsed.TotalSeconds;

    public double NanosecondsPerOperation => Elapsed.TotalNanoseconds / Operations;

    public double CpuNanosecondsPerOperation => CpuTime.TotalNanoseconds / Operations;

    public double BytesPerOperation => (double)AllocatedBytes / Operations;
}
