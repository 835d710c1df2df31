using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Configuration;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Akka.Serialization;
using RuntimeActors.Hosting;

namespace RuntimeActors.Samples.ClusterFeed;

/// <summary>The node's whole Akka.NET setup: remoting, cluster, the feed singleton and its proxy, the producer.</summary>
internal static class FeedCluster
{
    /// <summary>The actor system's name, the same on every node so they form one cluster.</summary>
    public const string SystemName = "clusterfeed";

    /// <summary>
    /// The timings that make a failover take seconds rather than Akka.NET's defaults (about 30 s for a killed node).
    /// A leaving node (SIGTERM, coordinated shutdown) hands the singleton over as soon as gossip has moved it to
    /// Exiting: gossip and leader actions every 200 ms make that a few hundred ms. A killed node is noticed by the
    /// failure detector after about the acceptable heartbeat pause (1.5 s, heartbeats every 250 ms), the
    /// split-brain resolver (keep-majority, 2 of 3 stay) downs it once the membership has been stable for
    /// stable-after (2 s), and the new oldest starts the singleton down-removal-margin (1 s) after the removal. These
    /// fit one machine's loopback: across a real network, where a GC pause or a busy link lasts seconds, they would
    /// down healthy nodes, and Akka.NET's defaults (3 s pause, 20 s stable-after) are the safer start.
    /// </summary>
    public const string Timings = """
        akka.cluster {
          gossip-interval = 200ms
          leader-actions-interval = 200ms
          unreachable-nodes-reaper-interval = 250ms
          periodic-tasks-initial-delay = 200ms
          # How long after a removal the singleton waits before starting elsewhere: a partition's downed side must
          # have stopped its copy by then. The downed side stops after its own stable-after, so in a real partition
          # this should be no less than the failure detection on that side; for a killed process it is only a wait.
          down-removal-margin = 1s
          failure-detector {
            heartbeat-interval = 250ms
            acceptable-heartbeat-pause = 1.5s
            expected-response-after = 250ms
          }
          split-brain-resolver {
            active-strategy = keep-majority
            stable-after = 2s
          }
          singleton.hand-over-retry-interval = 200ms
          singleton-proxy.singleton-identification-interval = 200ms
        }
        """;

    /// <summary>Sets up everything one node runs, as <paramref name="options"/> say.</summary>
    public static AkkaConfigurationBuilder Configure(AkkaConfigurationBuilder builder, FeedOptions options)
    {
        var seeds = (options.Seeds ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(port => $"akka.tcp://{SystemName}@127.0.0.1:{port}")
            .ToArray();
        var node = options.Node;
        var feed = options.Feed!;
        var interval = TimeSpan.FromMilliseconds(options.Interval);
        var singleton = new ClusterSingletonOptions
        {
            // The proxy buffers a producer's messages while no singleton is known (after a removal, during a hand-over);
            // at 50 a second per producer, 1000 covers 20 s, well past a failover; past it the oldest are dropped.
            BufferSize = 1000,
            TerminationMessage = StopFeed.Instance,
        };

        return builder
            .AddHocon(ConfigurationFactory.ParseString(Timings), HoconAddMode.Prepend)
            // stdout is for the singleton's lines: Akka.NET's logging goes to stderr once its loggers run, and what it
            // logs before that is silenced rather than mixed in (only its very last line at shutdown still reaches stdout).
            .AddHocon(ConfigurationFactory.ParseString("akka.stdout-loglevel = OFF"), HoconAddMode.Prepend)
            .ConfigureLoggers(l =>
            {
                l.LogLevel = Akka.Event.LogLevel.InfoLevel;
                l.ClearLoggers();
                l.AddLoggerFactory();
            })
            // The sample's own messages cross nodes with Hyperion, bound here rather than left to the default serializer.
            .WithCustomSerializer("hyperion", [typeof(IFeedMessage)], system => new HyperionSerializer(system))
            .WithRemoting("127.0.0.1", options.Port)
            .WithClustering(new ClusterOptions
            {
                SeedNodes = seeds,
                SplitBrainResolver = new KeepMajorityOption(),
            })
            .WithSocketRuntime(t => t.AddTcp())
            // Each node's manager creates the singleton from its own props, so it binds the endpoint of the node it runs on.
            .WithSingleton<FeedPublisher>(
                "feed",
                (system, _, _) => Props.Create(() => new FeedPublisher(SocketRuntime.Get(system), node, feed)),
                singleton,
                createProxyToo: true)
            .WithActors((system, registry) =>
            {
                var proxy = registry.Get<FeedPublisher>();
                // Producing starts once this node is Up, so the proxy's buffer is not spent on the time it takes to join.
                Cluster.Get(system).RegisterOnMemberUp(() =>
                    system.ActorOf(Props.Create(() => new FeedProducer(proxy, node, interval)), "producer"));
            });
    }
}
