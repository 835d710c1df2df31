namespace RuntimeActors.Cluster.Tests;

/// <summary>
/// The cure for pub/sub's slow joiner without sleeping: send a copy, wait a moment for it to arrive, and send again
/// until one arrives or the patience runs out.
/// </summary>
internal static class Repeat
{
    /// <summary>Runs <paramref name="send"/>, then <paramref name="tryReceive"/>, until the latter gives something or <see cref="LibzmqPeer.Patience"/> runs out.</summary>
    /// <exception cref="TimeoutException">Nothing arrived in time.</exception>
    public static async Task<T> UntilAsync<T>(Func<Task> send, Func<Task<T?>> tryReceive)
        where T : class
    {
        var deadline = DateTime.UtcNow + LibzmqPeer.Patience;
        while (DateTime.UtcNow < deadline)
        {
            await send();
            if (await tryReceive() is { } received)
            {
                return received;
            }
        }

        throw new TimeoutException($"nothing arrived within {LibzmqPeer.Patience.TotalSeconds:0} s of repeated sends");
    }
}
