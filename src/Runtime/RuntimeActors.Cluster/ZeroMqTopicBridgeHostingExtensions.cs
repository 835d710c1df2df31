using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Hosting;
using Akka.Pattern;

namespace RuntimeActors.Cluster;

/// <summary>
/// Akka.Hosting builder extensions for <see cref="ZeroMqTopicBridge"/>:
/// <code>
/// services.AddAkka("app", (builder, provider) => builder
///     .WithRemoting("127.0.0.1", 4053)
///     .WithClustering(new ClusterOptions { SeedNodes = ["akka.tcp://app@127.0.0.1:4053"] })
///     .WithSocketRuntime(t => t.AddTcp())
///     .WithZeroMqTopicBridge(s =>
///     {
///         s.Outbound.Topics.Add("prices");
///         s.Outbound.Binds.Add("tcp://*:5556");
///         s.Inbound.Prefixes.Add("orders");
///         s.Inbound.Connects.Add("tcp://feed:5557");
///     }));
/// </code>
/// </summary>
public static class ZeroMqTopicBridgeHostingExtensions
{
    /// <summary>The back-off between restarts of a bridge that keeps failing (an address in use, say), at first.</summary>
    private static readonly TimeSpan MinBackoff = TimeSpan.FromSeconds(1);

    /// <summary>The back-off between restarts at most.</summary>
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Starts a <see cref="ZeroMqTopicBridge"/> with the settings <paramref name="configure"/> fills when the actor
    /// system starts, and registers it in the <see cref="ActorRegistry"/> under <see cref="ZeroMqTopicBridge"/> (for
    /// <c>IRequiredActor&lt;ZeroMqTopicBridge&gt;</c>). See <see cref="WithZeroMqTopicBridge{TKey}"/>.
    /// </summary>
    /// <param name="builder">The builder of <c>AddAkka</c>, with the cluster and the socket runtime set up.</param>
    /// <param name="configure">Fills the bridge's settings.</param>
    public static AkkaConfigurationBuilder WithZeroMqTopicBridge(this AkkaConfigurationBuilder builder, Action<ZeroMqTopicBridgeSettings> configure) =>
        builder.WithZeroMqTopicBridge<ZeroMqTopicBridge>(configure);

    /// <summary>
    /// Starts a <see cref="ZeroMqTopicBridge"/> with the settings <paramref name="configure"/> fills when the actor
    /// system starts, as the top-level actor <paramref name="name"/> under a back-off supervisor (restarts 1 s to 30 s
    /// apart, so that a bind that fails again and again is retried without spinning), and registers it in the
    /// <see cref="ActorRegistry"/> under <typeparamref name="TKey"/>; messages to it (such as
    /// <see cref="ZeroMqTopicBridge.GetEndpoints"/>) reach the bridge. Call it after <c>WithClustering</c> and
    /// RuntimeActors.Hosting's <c>WithSocketRuntime</c> (which adds the transports the endpoints use). The settings
    /// are checked at once: an incomplete side throws here, not in the running system. The bridge stops with the
    /// actor system, closing its sockets. The bridge's node starts DistributedPubSub with the system; every other node
    /// that subscribes to an inbound topic must start it too (Akka.Cluster.Hosting's <c>WithDistributedPubSub</c>, or
    /// <c>akka.extensions</c>) and the socket runtime (<c>WithSocketRuntime</c>), whose serializer carries the
    /// <see cref="ZMessage"/>s.
    /// </summary>
    /// <typeparam name="TKey">The registry key, for several bridges in one system.</typeparam>
    /// <param name="builder">The builder of <c>AddAkka</c>.</param>
    /// <param name="configure">Fills the bridge's settings.</param>
    /// <param name="name">The name of the supervising actor; <c>zeromq-topic-bridge-</c> and the key's name by default.</param>
    /// <exception cref="ArgumentException">The settings are incomplete.</exception>
    public static AkkaConfigurationBuilder WithZeroMqTopicBridge<TKey>(this AkkaConfigurationBuilder builder, Action<ZeroMqTopicBridgeSettings> configure, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var settings = new ZeroMqTopicBridgeSettings();
        configure(settings);
        var bridge = ZeroMqTopicBridge.Props(settings);
        return builder
            .AddHocon(DistributedPubSub.DefaultConfig(), HoconAddMode.Append)
            // The mediator starts with the system, so that other nodes' registry gossip is understood from the first.
            .WithExtensions(typeof(DistributedPubSubExtensionProvider))
            .WithActors((system, registry) =>
            {
                var supervised = BackoffSupervisor.Props(Backoff.OnFailure(bridge, "bridge", MinBackoff, MaxBackoff, 0.2, -1));
                var actor = system.ActorOf(supervised, name ?? $"zeromq-topic-bridge-{typeof(TKey).Name.ToLowerInvariant()}");
                registry.Register<TKey>(actor);
            });
    }
}
