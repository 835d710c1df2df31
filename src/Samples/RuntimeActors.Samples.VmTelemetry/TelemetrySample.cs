namespace RuntimeActors.Samples.VmTelemetry;

/// <summary>One reading of a machine, the JSON frame after the topic frame.</summary>
/// <param name="Source">The publishing machine's name.</param>
/// <param name="Sequence">1 for the publisher's first sample, then one more per sample, so gaps show.</param>
/// <param name="Time">When the sample was taken.</param>
/// <param name="UptimeSeconds">From /proc/uptime; null where it cannot be read.</param>
/// <param name="Load1">The one-minute load average from /proc/loadavg; null where it cannot be read.</param>
/// <param name="MemAvailableKiB">MemAvailable from /proc/meminfo; null where it cannot be read.</param>
internal sealed record TelemetrySample(
    string Source,
    long Sequence,
    DateTimeOffset Time,
    double? UptimeSeconds,
    double? Load1,
    long? MemAvailableKiB);
