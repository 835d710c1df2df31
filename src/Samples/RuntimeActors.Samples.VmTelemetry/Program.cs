using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using RuntimeActors.Samples.VmTelemetry;

const string Usage = """
    usage: RuntimeActors.Samples.VmTelemetry publish|subscribe [--bind ENDPOINT | --connect ENDPOINT]
                                             [--topic TOPIC] [--count N] [--interval MS]
                                             [--metrics console|otlp|none] [--metrics-interval MS]
      publish    binds vsock://*:5600 unless told otherwise, and publishes a sample every --interval ms
      subscribe  connects to the host, vsock://2:5600, unless told otherwise, and prints each sample
      --metrics  exports the RuntimeActors meter through OpenTelemetry every --metrics-interval ms (default 10000):
                 console (default, on stdout), otlp (to OTEL_EXPORTER_OTLP_ENDPOINT), or none
    """;

if (args.Length == 0 || !Enum.TryParse<TelemetryMode>(args[0], ignoreCase: true, out var mode) || !Enum.IsDefined(mode))
{
    await Console.Error.WriteLineAsync(Usage);
    return 2;
}

var settings = args[1..];
if (!TryTakeMetricsSettings(ref settings, out var exporter, out var exportInterval, out var metricsError))
{
    await Console.Error.WriteLineAsync($"{metricsError}{Environment.NewLine}{Usage}");
    return 2;
}

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = settings, ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddCommandLine(settings, new Dictionary<string, string>
{
    ["--bind"] = $"{TelemetryOptions.SectionName}:{nameof(TelemetryOptions.Bind)}",
    ["--connect"] = $"{TelemetryOptions.SectionName}:{nameof(TelemetryOptions.Connect)}",
    ["--topic"] = $"{TelemetryOptions.SectionName}:{nameof(TelemetryOptions.Topic)}",
    ["--count"] = $"{TelemetryOptions.SectionName}:{nameof(TelemetryOptions.Count)}",
    ["--interval"] = $"{TelemetryOptions.SectionName}:{nameof(TelemetryOptions.Interval)}",
});
builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
// stdout carries the samples, one per line, for scripts to read; everything else goes to stderr.
builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

builder.Services.AddOptions<TelemetryOptions>()
    .BindConfiguration(TelemetryOptions.SectionName)
    .PostConfigure(o =>
    {
        // The defaults make the common case, host publishes and guests subscribe, need no options at all.
        if (o.Bind is null && o.Connect is null)
        {
            if (mode == TelemetryMode.Publish)
            {
                o.Bind = $"vsock://*:{TelemetryOptions.DefaultPort}";
            }
            else
            {
                o.Connect = $"vsock://2:{TelemetryOptions.DefaultPort}";
            }
        }

        o.Topic ??= mode == TelemetryMode.Publish ? $"telemetry/{Environment.MachineName}" : "telemetry/";
    })
    .Validate(o => o.Bind is null || o.Connect is null, "Give --bind or --connect, not both.")
    .Validate(o => o.Count >= 0, "--count must be 0 (no end) or more.")
    .Validate(o => o.Interval >= 1, "--interval must be at least 1 ms.")
    .Validate(o => mode == TelemetryMode.Subscribe || o.Topic!.Length > 0, "A publisher needs a non-empty --topic.")
    .ValidateOnStart();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddRuntimeMetrics(exporter, exportInterval);
if (mode == TelemetryMode.Publish)
{
    builder.Services.AddHostedService<TelemetryPublisher>();
}
else
{
    builder.Services.AddHostedService<TelemetrySubscriber>();
}

using var host = builder.Build();
try
{
    await host.RunAsync();
}
catch (Microsoft.Extensions.Options.OptionsValidationException e)
{
    await Console.Error.WriteLineAsync($"{e.Message}{Environment.NewLine}{Usage}");
    return 2;
}

return Environment.ExitCode;

// --metrics and --metrics-interval are read here, before the host: they decide which services it has.
static bool TryTakeMetricsSettings(ref string[] settings, out MetricsExporter exporter, out TimeSpan interval, out string? error)
{
    exporter = MetricsExporter.Console;
    interval = TimeSpan.FromSeconds(10);
    error = null;
    var rest = new List<string>();
    for (var i = 0; i < settings.Length; i++)
    {
        switch (settings[i])
        {
            case "--metrics" when i + 1 < settings.Length:
                if (!Enum.TryParse(settings[++i], ignoreCase: true, out exporter) || !Enum.IsDefined(exporter))
                {
                    error = $"--metrics takes console, otlp or none, not '{settings[i]}'.";
                    return false;
                }

                break;
            case "--metrics-interval" when i + 1 < settings.Length:
                if (!int.TryParse(settings[++i], out var milliseconds) || milliseconds < 1)
                {
                    error = $"--metrics-interval takes a number of milliseconds of at least 1, not '{settings[i]}'.";
                    return false;
                }

                interval = TimeSpan.FromMilliseconds(milliseconds);
                break;
            default:
                rest.Add(settings[i]);
                break;
        }
    }

    settings = [.. rest];
    return true;
}
