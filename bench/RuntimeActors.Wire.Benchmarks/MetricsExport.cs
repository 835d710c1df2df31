using System.Diagnostics.Metrics;

namespace RuntimeActors.Wire.Benchmarks;

/// <summary>
/// Listens to the RuntimeActors meter in every benchmark process, as an exporter would (OpenTelemetry's periodic
/// reader, dotnet-counters): every instrument enabled, the observable ones collected once a second. So the throughput,
/// latency and alloc rows are those of an operator watching the runtime, and the alloc rows show whether metrics cost an
/// allocation per message. BENCH_METRICS=0 turns it off, to compare.
/// </summary>
internal sealed class MetricsExport : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Timer _collect;
    private long _sum;

    private MetricsExport()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "RuntimeActors")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _sum, value));
        _listener.Start();
        _collect = new Timer(_ => _listener.RecordObservableInstruments(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    public static MetricsExport? StartUnlessDisabled() =>
        Environment.GetEnvironmentVariable("BENCH_METRICS") == "0" ? null : new MetricsExport();

    public void Dispose()
    {
        _collect.Dispose();
        _listener.Dispose();
    }
}
