using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace RuntimeActors.Samples.VmTelemetry;

/// <summary>The sample's OpenTelemetry setup: the runtime's meter, exported as <c>--metrics</c> says.</summary>
internal static class TelemetryMetrics
{
    /// <summary>The meter every RuntimeActors socket reports to.</summary>
    private const string RuntimeMeter = "RuntimeActors";

    public static IServiceCollection AddRuntimeMetrics(this IServiceCollection services, MetricsExporter exporter, TimeSpan interval)
    {
        if (exporter == MetricsExporter.None)
        {
            return services;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("RuntimeActors.Samples.VmTelemetry"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(RuntimeMeter);
                var milliseconds = (int)interval.TotalMilliseconds;
                if (exporter == MetricsExporter.Otlp)
                {
                    metrics.AddOtlpExporter((_, reader) => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = milliseconds);
                }
                else
                {
                    metrics.AddConsoleExporter((_, reader) => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = milliseconds);
                }
            });
        return services;
    }
}
