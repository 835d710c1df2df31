namespace RuntimeActors.Sessions;

/// <summary>The delay before reconnect number <c>n</c>: doubling from ZMQ_RECONNECT_IVL up to ZMQ_RECONNECT_IVL_MAX, with a random stretch.</summary>
internal static class ReconnectBackoff
{
    /// <summary>How much a delay may be stretched at random, so that peers cut off together do not come back together.</summary>
    public const double RandomFactor = 0.1;

    /// <summary><c>min(max, min * 2^attempt) * (1 + random01 * randomFactor)</c>.</summary>
    /// <param name="attempt">Reconnects already made since the last successful handshake (0 for the first).</param>
    /// <param name="minimum">The first delay (ZMQ_RECONNECT_IVL).</param>
    /// <param name="maximum">The cap of the doubling part; at or below <paramref name="minimum"/>, the delay stays constant.</param>
    /// <param name="randomFactor">How much the delay may be stretched, e.g. 0.1 for up to 10 %.</param>
    /// <param name="random01">A random number in [0, 1).</param>
    public static TimeSpan Compute(int attempt, TimeSpan minimum, TimeSpan maximum, double randomFactor, double random01)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        var cap = maximum > minimum ? maximum : minimum;
        var stretch = 1.0 + (random01 * randomFactor);
        var doubled = attempt >= 30 ? cap.Ticks : Math.Min(cap.Ticks, minimum.Ticks * Math.Pow(2, attempt));
        return TimeSpan.FromTicks((long)Math.Min(long.MaxValue, doubled * stretch));
    }
}
