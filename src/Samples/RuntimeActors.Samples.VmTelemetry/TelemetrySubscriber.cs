using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RuntimeActors.Samples.VmTelemetry;

/// <summary>
/// Prints each sample whose topic starts with the prefix as one line, <c>TOPIC JSON</c>, exactly as the publisher
/// printed it, and exits 0 after <see cref="TelemetryOptions.Count"/> samples.
/// </summary>
internal sealed class TelemetrySubscriber(
    IOptions<TelemetryOptions> options,
    ILoggerFactory loggerFactory,
    IHostApplicationLifetime lifetime) : BackgroundService
{
    private readonly TelemetryOptions _options = options.Value;
    private readonly ILogger _logger = loggerFactory.CreateLogger<TelemetrySubscriber>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var prefix = _options.Topic!;
        var received = 0L;
        try
        {
            await using var runtime = TelemetryRuntime.Create(loggerFactory);
            // Subscriptions are all a SUB socket sends, and they mean nothing once it closes.
            await using var sub = runtime.CreateSocket(SocketType.Sub, new SocketOptions { Linger = TimeSpan.Zero });
            sub.Subscribe(prefix);
            var endpoint = await TelemetryRuntime.AttachAsync(sub, _options, stoppingToken).ConfigureAwait(false);
            TelemetryLog.Subscribed(_logger, prefix, endpoint, _options.Bind is null ? "connected" : "bound");

            while (_options.Count == 0 || received < _options.Count)
            {
                var message = await sub.ReceiveAsync(stoppingToken).ConfigureAwait(false);
                if (message.Count != 2)
                {
                    TelemetryLog.Malformed(_logger, message.Count);
                    continue;
                }

                var json = message.GetString(1);
                if (!IsSample(json))
                {
                    continue;
                }

                received++;
                await Console.Out.WriteLineAsync($"{message.GetString(0)} {json}").ConfigureAwait(false);
            }

            TelemetryLog.Done(_logger, received);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped from outside before Count samples came: only a complete run exits 0.
            if (_options.Count != 0)
            {
                Environment.ExitCode = 1;
            }
        }
        catch (Exception e)
        {
            TelemetryLog.Failed(_logger, e, TelemetryMode.Subscribe);
            Environment.ExitCode = 1;
        }
        finally
        {
            lifetime.StopApplication();
        }
    }

    private bool IsSample(string json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, TelemetryJsonContext.Default.TelemetrySample) is not null;
        }
        catch (JsonException e)
        {
            TelemetryLog.NotASample(_logger, e.Message);
            return false;
        }
    }
}
