namespace RuntimeActors.Samples.ClusterFeed;

/// <summary>
/// The sample's messages that cross nodes. The sample binds this interface to Hyperion in its own configuration
/// (<see cref="FeedCluster"/>), so they never fall to Akka.NET's default JSON serializer.
/// </summary>
internal interface IFeedMessage;
