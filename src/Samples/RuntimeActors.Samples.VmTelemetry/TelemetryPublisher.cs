using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RuntimeActors.Samples.VmTelemetry;

/// <summary>
/// Publishes a sample of this machine per interval on its topic, and prints each one as the subscriber will, so
/// the two outputs can be compared line by line. A PUB socket drops what it sends before a subscriber has joined
/// (the slow joiner), so a stream of samples, not a single message, is what a subscriber can rely on.
/// </summary>
internal sealed class TelemetryPublisher(
    IOptions<TelemetryOptions> options,
    ILoggerFactory loggerFactory,
    IHostApplicationLifetime lifetime,
    TimeProvider time) : BackgroundService
{
    private readonly TelemetryOptions _options = options.Value;
    private readonly ILogger _logger = loggerFactory.CreateLogger<TelemetryPublisher>();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var topic = _options.Topic!;
        var sent = 0L;
        try
        {
            await using var runtime = TelemetryRuntime.Create(loggerFactory);
            // A sample is stale a second later, so closing never waits longer than that for slow subscribers.
            await using var pub = runtime.CreateSocket(SocketType.Pub, new SocketOptions { Linger = TimeSpan.FromSeconds(1) });
            var endpoint = await TelemetryRuntime.AttachAsync(pub, _options, stoppingToken).ConfigureAwait(false);
            TelemetryLog.Publishing(_logger, topic, _options.Interval, endpoint, _options.Bind is null ? "connected" : "bound");

            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(_options.Interval), time);
            var source = Environment.MachineName;
            do
            {
                var sample = MachineProbe.Take(source, sent + 1, time);
                var json = JsonSerializer.Serialize(sample, TelemetryJsonContext.Default.TelemetrySample);
                await pub.SendAsync(ZMessage.FromStrings(topic, json), stoppingToken).ConfigureAwait(false);
                sent++;
                await Console.Out.WriteLineAsync($"{topic} {json}").ConfigureAwait(false);
            }
            while ((_options.Count == 0 || sent < _options.Count) && await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));

            TelemetryLog.Done(_logger, sent);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped from outside (Ctrl+C, SIGTERM): a publisher has no end of its own when Count is 0.
            TelemetryLog.Stopped(_logger, sent);
        }
        catch (Exception e)
        {
            TelemetryLog.Failed(_logger, e, TelemetryMode.Publish);
            Environment.ExitCode = 1;
        }
        finally
        {
            lifetime.StopApplication();
        }
    }
}
