namespace RuntimeActors.Samples.ClusterFeed;

/// <summary>
/// A producer's message to the feed, sent through the singleton proxy: it crosses nodes unless the producer shares a
/// node with the singleton.
/// </summary>
/// <param name="Node">The producer's node, as given by <c>--node</c>.</param>
/// <param name="Incarnation">The producer's process id, so a restarted node starts a new stream rather than repeating sequence numbers.</param>
/// <param name="Seq">1 for the producer's first message, then one more per message, so a subscriber sees gaps and duplicates.</param>
/// <param name="SentAtMs">When the producer sent it, in Unix milliseconds, so a subscriber on the same machine sees how long it waited (in the proxy's buffer during a failover).</param>
internal sealed record Publish(int Node, int Incarnation, long Seq, long SentAtMs) : IFeedMessage;
