namespace RuntimeActors.Cluster;

/// <summary>
/// What a <see cref="ZeroMqTopicBridge"/> joins: the cluster topics it sends out on a PUB (or XPUB) socket
/// (<see cref="Outbound"/>) and the ZeroMQ topic prefixes its SUB socket takes in and publishes into the cluster
/// (<see cref="Inbound"/>). Either side may be left empty; a bridge with neither is refused.
/// <code>
/// var settings = new ZeroMqTopicBridgeSettings();
/// settings.Outbound.Topics.Add("prices");
/// settings.Outbound.Binds.Add("tcp://*:5556");
/// settings.Inbound.Prefixes.Add("orders");
/// settings.Inbound.Connects.Add("tcp://feed:5557");
/// </code>
/// </summary>
public sealed class ZeroMqTopicBridgeSettings
{
    /// <summary>The cluster-to-ZeroMQ side.</summary>
    public ZeroMqBridgeOutbound Outbound { get; } = new();

    /// <summary>The ZeroMQ-to-cluster side.</summary>
    public ZeroMqBridgeInbound Inbound { get; } = new();

    /// <summary>Checks that each side used is complete: topics with endpoints, endpoints with topics or prefixes.</summary>
    /// <exception cref="ArgumentException">A side is half configured, a topic is empty, or neither side is used.</exception>
    public void Validate()
    {
        Outbound.Validate();
        Inbound.Validate();
        if (!Outbound.IsUsed && !Inbound.IsUsed)
        {
            throw new ArgumentException("The bridge has neither outbound topics nor inbound prefixes: it would do nothing.");
        }
    }
}
