using Akka.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using RuntimeActors.Hosting;
using RuntimeActors.Samples.ClusterFeed;

// One node of a three-node Akka.Cluster whose ZeroMQ feed (a PUB socket owned by a cluster singleton) moves to another
// node when its node leaves or dies. stdout carries only "singleton up on node N at ENDPOINT" and "singleton down on
// node N"; logs go to stderr.
const string Usage = """
    usage: RuntimeActors.Samples.ClusterFeed --node N --port PORT --feed ENDPOINT --seeds PORT,PORT,PORT [--interval MS]
      --node      this node's number (1, 2, 3), which names its producer and the singleton's host in the feed
      --port      the Akka.Remote port on 127.0.0.1
      --feed      the ZeroMQ endpoint the feed binds while its singleton runs here, e.g. tcp://127.0.0.1:5701
      --seeds     the seed nodes' Akka.Remote ports on 127.0.0.1
      --interval  milliseconds between two messages of this node's producer (default 20)
    """;

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
{
    ["--node"] = $"{FeedOptions.SectionName}:{nameof(FeedOptions.Node)}",
    ["--port"] = $"{FeedOptions.SectionName}:{nameof(FeedOptions.Port)}",
    ["--feed"] = $"{FeedOptions.SectionName}:{nameof(FeedOptions.Feed)}",
    ["--seeds"] = $"{FeedOptions.SectionName}:{nameof(FeedOptions.Seeds)}",
    ["--interval"] = $"{FeedOptions.SectionName}:{nameof(FeedOptions.Interval)}",
});
var options = builder.Configuration.GetSection(FeedOptions.SectionName).Get<FeedOptions>() ?? new FeedOptions();
if (options.Node < 1 || options.Port is < 1 or > 65535 || string.IsNullOrWhiteSpace(options.Feed)
    || string.IsNullOrWhiteSpace(options.Seeds) || options.Interval < 1)
{
    await Console.Error.WriteLineAsync(Usage);
    return 2;
}

builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
builder.Services.AddSocketRuntimeServices();
builder.Services.AddAkka(FeedCluster.SystemName, (akka, _) => FeedCluster.Configure(akka, options));

using var host = builder.Build();
await host.RunAsync();
return 0;
