namespace RuntimeActors.Samples.VmTelemetry;

/// <summary>Where the sample exports the RuntimeActors meter (<c>--metrics</c>).</summary>
internal enum MetricsExporter
{
    /// <summary>OpenTelemetry's console exporter, on standard output (the default).</summary>
    Console,

    /// <summary>OTLP, to OTEL_EXPORTER_OTLP_ENDPOINT (default http://localhost:4317).</summary>
    Otlp,

    /// <summary>No export: standard output carries only the samples (scripts that compare it line by line).</summary>
    None,
}
