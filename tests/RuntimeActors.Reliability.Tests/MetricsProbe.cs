using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace RuntimeActors.Reliability.Tests;

/// <summary>
/// (A copy of the EndToEnd suite's probe.) Listens to the RuntimeActors meter as an exporter would, and reads one endpoint's series: tests run in parallel
/// against one process-wide meter, so each test tags its sockets with their endpoint and reads only those.
/// </summary>
internal sealed class MetricsProbe : IDisposable
{
    private readonly MeterListener _listener = new();

    // Counters accumulate their increments; observable instruments keep the value of the latest collection.
    private readonly ConcurrentDictionary<(string Instrument, string Tags), long> _sums = new();
    private readonly ConcurrentDictionary<(string Instrument, string Tags), long> _observed = new();

    public MetricsProbe()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "RuntimeActors")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var key = (instrument.Name, Format(tags));
            if (instrument.IsObservable)
            {
                _observed[key] = value;
            }
            else
            {
                _sums.AddOrUpdate(key, value, (_, sum) => sum + value);
            }
        });
        _listener.Start();
    }

    /// <summary>
    /// The instrument's value summed over the series whose tags include every one of <paramref name="tags"/>
    /// ("key=value"), after collecting the observable instruments afresh.
    /// </summary>
    public long Read(string instrument, params string[] tags)
    {
        _observed.Clear();
        _listener.RecordObservableInstruments();
        return Sum(_sums, instrument, tags) + Sum(_observed, instrument, tags);
    }

    public void Dispose() => _listener.Dispose();

    private static long Sum(ConcurrentDictionary<(string Instrument, string Tags), long> values, string instrument, string[] tags) =>
        values.Where(pair => pair.Key.Instrument == instrument && tags.All(tag => pair.Key.Tags.Split(';').Contains(tag))).Sum(pair => pair.Value);

    private static string Format(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var parts = new List<string>(tags.Length);
        foreach (var tag in tags)
        {
            parts.Add($"{tag.Key}={tag.Value}");
        }

        return string.Join(';', parts);
    }
}
