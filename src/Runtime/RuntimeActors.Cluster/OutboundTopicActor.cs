using System.Text;
using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;

namespace RuntimeActors.Cluster;

/// <summary>
/// One outbound topic of a bridge: DistributedPubSub does not tell a subscriber which topic a message came by, so each
/// topic has a subscriber of its own that hands its messages to the bridge with the topic's frame.
/// </summary>
internal sealed class OutboundTopicActor : ReceiveActor
{
    private readonly string _topic;
    private readonly IActorRef _mediator;

    public OutboundTopicActor(string topic, IActorRef mediator)
    {
        _topic = topic;
        _mediator = mediator;
        var frame = Encoding.UTF8.GetBytes(topic);
        var bridge = Context.Parent;
        Receive<SubscribeAck>(_ => bridge.Tell(new Subscribed(_topic)));
        ReceiveAny(message =>
        {
            // The bridge published this itself from ZeroMQ: sending it out again would echo it.
            if (!Sender.Equals(bridge))
            {
                bridge.Tell(new Outgoing(frame, message));
            }
        });
    }

    public static Props Props(string topic, IActorRef mediator) => Akka.Actor.Props.Create(() => new OutboundTopicActor(topic, mediator));

    protected override void PreStart() => _mediator.Tell(new Subscribe(_topic, Self));

    /// <summary>The local mediator acknowledged the subscription of <paramref name="Topic"/>.</summary>
    internal sealed record Subscribed(string Topic);

    /// <summary>A message published to the topic whose UTF-8 name is <paramref name="Topic"/>.</summary>
    internal sealed record Outgoing(ReadOnlyMemory<byte> Topic, object Payload);
}
