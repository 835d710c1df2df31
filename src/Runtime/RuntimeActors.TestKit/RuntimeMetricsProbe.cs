using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace RuntimeActors.TestKit;

/// <summary>
/// Listens to the <c>RuntimeActors</c> meter as an exporter would, so that a test can check the runtime's instruments
/// after known traffic. Tests that run in parallel share the one process-wide meter: give the sockets under test
/// <see cref="SocketOptions.MetricsIncludeEndpoint"/> and read only their endpoint's series.
/// </summary>
/// <example><c>probe.Read("runtime_actors.messages.sent", "socket.type=PUSH", $"endpoint={endpoint}")</c></example>
public sealed class RuntimeMetricsProbe : IDisposable
{
    private readonly MeterListener _listener = new();

    // Counters accumulate their increments; observable instruments keep the value of the latest collection.
    private readonly ConcurrentDictionary<(string Instrument, string Tags), long> _sums = new();
    private readonly ConcurrentDictionary<(string Instrument, string Tags), long> _observed = new();

    /// <summary>Starts listening to every instrument of the <c>RuntimeActors</c> meter.</summary>
    public RuntimeMetricsProbe()
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
    /// (each "key=value"), after collecting the observable instruments afresh.
    /// </summary>
    public long Read(string instrument, params string[] tags)
    {
        _observed.Clear();
        _listener.RecordObservableInstruments();
        return Sum(_sums, instrument, tags) + Sum(_observed, instrument, tags);
    }

    /// <summary>Stops listening.</summary>
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
