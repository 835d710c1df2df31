using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using RuntimeActors.Samples.VmTelemetry;

const string Usage = """
    usage: RuntimeActors.Samples.VmTelemetry publish|subscribe [--bind ENDPOINT | --connect ENDPOINT]
                                             [--topic TOPIC] [--count N] [--interval MS]
      publish    binds vsock://*:5600 unless told otherwise, and publishes a sample every --interval ms
      subscribe  connects to the host, vsock://2:5600, unless told otherwise, and prints each sample
    """;

if (args.Length == 0 || !Enum.TryParse<TelemetryMode>(args[0], ignoreCase: true, out var mode) || !Enum.IsDefined(mode))
{
    await Console.Error.WriteLineAsync(Usage);
    return 2;
}

var settings = args[1..];
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
