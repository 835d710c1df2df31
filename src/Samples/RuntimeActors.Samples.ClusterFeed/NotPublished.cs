namespace RuntimeActors.Samples.ClusterFeed;

/// <summary>
/// The closing singleton's answer to a <see cref="Publish"/> it can no longer publish during a hand-over: the producer
/// sends it again a little later, when its proxy has moved on to the next singleton (or buffers for it).
/// </summary>
/// <param name="Message">The message that was not published.</param>
internal sealed record NotPublished(Publish Message) : IFeedMessage;
