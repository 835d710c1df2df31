namespace RuntimeActors.Samples.ClusterFeed;

/// <summary>The settings of one node, from the <c>Feed</c> configuration section or the command line.</summary>
internal sealed class FeedOptions
{
    public const string SectionName = "Feed";

    /// <summary>This node's number (<c>--node</c>), 1 or more; it names the producer and the singleton's host in the feed.</summary>
    public int Node { get; set; }

    /// <summary>The Akka.Remote port on 127.0.0.1 (<c>--port</c>).</summary>
    public int Port { get; set; }

    /// <summary>The ZeroMQ endpoint the singleton binds while it runs on this node (<c>--feed</c>), e.g. <c>tcp://127.0.0.1:5701</c>.</summary>
    public string? Feed { get; set; }

    /// <summary>The seed nodes' Akka.Remote ports on 127.0.0.1, comma-separated (<c>--seeds</c>), e.g. <c>4701,4702,4703</c>.</summary>
    public string? Seeds { get; set; }

    /// <summary>Milliseconds between two messages of this node's producer (<c>--interval</c>). Default 20.</summary>
    public int Interval { get; set; } = 20;
}
