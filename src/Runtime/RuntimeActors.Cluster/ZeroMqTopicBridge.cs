using Akka.Actor;

namespace RuntimeActors.Cluster;

/// <summary>
/// An actor that joins Akka.Cluster.Tools' DistributedPubSub to ZeroMQ pub/sub, for peers outside the cluster
/// (libzmq, pyzmq, NetMQ) that know nothing of Akka. Create it with <see cref="Props"/> on a node whose actor system has
/// the cluster and a <see cref="SocketRuntime"/> with the transports its endpoints use (or with Akka.Hosting's
/// <see cref="ZeroMqTopicBridgeHostingExtensions.WithZeroMqTopicBridge(Akka.Hosting.AkkaConfigurationBuilder, Action{ZeroMqTopicBridgeSettings})"/>).
/// <para>
/// <b>Outbound</b> (cluster to ZeroMQ): the bridge subscribes to each of
/// <see cref="ZeroMqBridgeOutbound.Topics"/> and sends what is published there on its PUB (or XPUB) socket as one
/// message whose first frame is the topic name in UTF-8, so that any ZeroMQ SUB can follow it by prefix. What a
/// cluster actor may publish to such a topic:
/// a <see cref="ZMessage"/> (its frames follow the topic frame; the bridge adds the topic, the message must not hold it),
/// a <c>byte[]</c> or <see cref="ReadOnlyMemory{T}"/> of bytes (one frame), or a <see cref="string"/> (one UTF-8 frame).
/// Anything else is logged as a warning and dropped: the bridge does not guess a wire format that a peer outside .NET
/// would have to read. As ZeroMQ's PUB does, the bridge sends at most once: at the high-water mark the socket drops,
/// and a send the socket refuses (<see cref="Zmq.SendFailed"/>) is logged, not retried.
/// </para>
/// <para>
/// <b>Inbound</b> (ZeroMQ to cluster): a SUB socket subscribed to <see cref="ZeroMqBridgeInbound.Prefixes"/> takes
/// messages from ZeroMQ publishers, and the bridge publishes each, as the <see cref="ZMessage"/> it received, to the
/// cluster topic named by its whole first frame (UTF-8), reaching that topic's subscribers on every node. The topic
/// frame is kept as the message's first frame, as a ZeroMQ SUB would see it (a subscriber of several topics can tell
/// them apart). Subscribers on one node share one instance: treat it as read-only. A message without frames, or whose
/// first frame is empty or not UTF-8, is logged and dropped. DistributedPubSub has no flow control, so the bridge
/// acknowledges each message (<see cref="Zmq.ReceiveAck"/>) once it is handed to the mediator: the socket's
/// <see cref="SocketOptions.ReceiveWindow"/> bounds the bridge's mailbox, the high-water mark bounds the socket.
/// </para>
/// <para>
/// <b>Nodes</b>: the <see cref="ZMessage"/>s crossing nodes are carried by the socket runtime's serializer, so every
/// node that publishes or subscribes to a bridged topic must have started the runtime's extension
/// (<see cref="SocketRuntime.Get"/>, or RuntimeActors.Hosting's <c>WithSocketRuntime</c>), and DistributedPubSub
/// (<c>akka.extensions</c> or Akka.Cluster.Hosting's <c>WithDistributedPubSub</c>), so that the mediators' gossip is
/// understood from the start.
/// </para>
/// <para>
/// <b>Echo</b>: DistributedPubSub keeps the publisher as the sender, and the bridge publishes inbound messages as
/// itself, so a bridge never sends out again what it published into the cluster (a topic taken in and sent out by
/// the same bridge does not loop). A message another node's bridge took in is sent out, which is how ZeroMQ input on
/// one node reaches a PUB on another; wiring one bridge's PUB back to another's SUB on the same topics loops, as any
/// ring of ZeroMQ forwarders does. Every bridge subscribed to a topic sends it out: run one outbound bridge per topic.
/// </para>
/// <para>
/// <b>Supervision</b>: the sockets are the bridge's children. A failing socket, a bind that fails, or a socket that
/// stops makes the bridge fail; its restart closes both sockets and makes them anew with the same settings (the
/// failure is logged by Akka with the bridge's path). The hosting extension runs the bridge under a back-off supervisor.
/// </para>
/// <para>
/// Tell it <see cref="GetEndpoints"/> to learn when it is ready and what its binds resolved to.
/// </para>
/// </summary>
public sealed class ZeroMqTopicBridge
{
    private ZeroMqTopicBridge()
    {
    }

    /// <summary>Props of a bridge with <paramref name="settings"/>, which are checked here.</summary>
    /// <exception cref="ArgumentException">The settings are incomplete (see <see cref="ZeroMqTopicBridgeSettings.Validate"/>).</exception>
    public static Props Props(ZeroMqTopicBridgeSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        return Akka.Actor.Props.Create(() => new TopicBridgeActor(settings));
    }

    /// <summary>
    /// Asks the bridge for its endpoints; answered with <see cref="Endpoints"/> once its sockets are bound and connecting
    /// and the local mediator has acknowledged every outbound topic's subscription.
    /// </summary>
    public sealed class GetEndpoints
    {
        /// <summary>The single instance.</summary>
        public static GetEndpoints Instance { get; } = new();
    }

    /// <summary>The answer to <see cref="GetEndpoints"/>: the real endpoints (after wildcards) each socket is bound to.</summary>
    /// <param name="Outbound">The outbound PUB's bound endpoints, in the order of <see cref="ZeroMqBridgeOutbound.Binds"/>.</param>
    /// <param name="Inbound">The inbound SUB's bound endpoints, in the order of <see cref="ZeroMqBridgeInbound.Binds"/>.</param>
    public sealed record Endpoints(IReadOnlyList<string> Outbound, IReadOnlyList<string> Inbound);
}
