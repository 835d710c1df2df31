namespace RuntimeActors.Samples.ClusterFeed;

/// <summary>
/// The singleton's termination message at hand-over: rather than a PoisonPill, which would drop the PUB socket's
/// queue, it closes the socket with its linger first, so what was published before the hand-over still goes out.
/// </summary>
internal sealed class StopFeed
{
    public static StopFeed Instance { get; } = new();

    private StopFeed()
    {
    }
}
