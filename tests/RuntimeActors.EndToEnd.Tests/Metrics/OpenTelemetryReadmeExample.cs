using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using Xunit.Abstractions;

namespace RuntimeActors.EndToEnd.Tests.Metrics;

// begin-snippet: opentelemetry-metrics
public static class MetricsSetup
{
    /// <summary>Exports every RuntimeActors socket's metrics through OpenTelemetry.</summary>
    public static IServiceCollection AddRuntimeActorsMetrics(this IServiceCollection services)
    {
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter("RuntimeActors")
            .AddConsoleExporter());   // or .AddOtlpExporter(), to OTEL_EXPORTER_OTLP_ENDPOINT
        return services;
    }
}
// end-snippet

/// <summary>The README's OpenTelemetry example, run: the runtime's meter reaches an OpenTelemetry exporter.</summary>
public sealed class OpenTelemetryReadmeExample(ITestOutputHelper output) : SocketTestKit(output)
{
    [Fact]
    public async Task OpenTelemetry_exports_the_RuntimeActors_meter()
    {
        var exported = new List<Metric>();
        var builder = Host.CreateApplicationBuilder();
        var services = builder.Services.AddRuntimeActorsMetrics();
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(exported));
        using var host = builder.Build();
        await host.StartAsync();

        var pull = Socket(SocketType.Pull, new SocketOptions { MetricsIncludeEndpoint = true });
        var endpoint = await BindLoopbackAsync(pull);
        var push = Socket(SocketType.Push, new SocketOptions { MetricsIncludeEndpoint = true });
        await push.ConnectAsync(endpoint);
        await push.SendAsync("exported");
        await ReceiveAsync(pull);
        host.Services.GetRequiredService<MeterProvider>().ForceFlush();
        await host.StopAsync();

        var received = exported.Where(m => m.Name == "runtime_actors.messages.received").SelectMany(Points)
            .Where(p => Tag(p, "endpoint") == endpoint && Tag(p, "socket.type") == "PULL");
        Assert.Equal(1, Assert.Single(received).GetSumLong());
    }

    private static IEnumerable<MetricPoint> Points(Metric metric)
    {
        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            yield return point;
        }
    }

    private static string? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key)
            {
                return tag.Value as string;
            }
        }

        return null;
    }
}
