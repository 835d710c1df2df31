using Akka.Hosting;

namespace RuntimeActors.Cluster.Tests;

// begin-snippet: cluster-bridge
public static class PriceFeedBridge
{
    /// <summary>
    /// The cluster's "prices" topic out to ZeroMQ subscribers, and ZeroMQ publishers' "orders..." topics into the cluster.
    /// </summary>
    public static AkkaConfigurationBuilder WithPriceFeedBridge(this AkkaConfigurationBuilder builder, string subscribers, string ordersPublisher) =>
        builder.WithZeroMqTopicBridge(bridge =>
        {
            bridge.Outbound.Topics.Add("prices");
            bridge.Outbound.Connects.Add(subscribers);
            bridge.Inbound.Prefixes.Add("orders");
            bridge.Inbound.Connects.Add(ordersPublisher);
        });
}
// end-snippet
