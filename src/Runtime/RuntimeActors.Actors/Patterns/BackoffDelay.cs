namespace RuntimeActors.Actors;

/// <summary>The delay before restart number <c>n</c>: exponential between a minimum and a maximum, then stretched by a random factor.</summary>
public static class BackoffDelay
{
    /// <summary>
    /// <c>min(max, min * 2^restartCount) * (1 + random01 * randomFactor)</c>, never above <paramref name="maxBackoff"/>
    /// times the random stretch.
    /// </summary>
    /// <param name="restartCount">Restarts already made since the last reset (0 for the first).</param>
    /// <param name="minBackoff">The first delay.</param>
    /// <param name="maxBackoff">The cap of the exponential part.</param>
    /// <param name="randomFactor">How much the delay may be stretched, e.g. 0.2 for up to 20 %; spreads reconnect storms.</param>
    /// <param name="random01">A random number in [0, 1).</param>
    public static TimeSpan Compute(int restartCount, TimeSpan minBackoff, TimeSpan maxBackoff, double randomFactor, double random01)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(restartCount);
        var stretch = 1.0 + (random01 * randomFactor);
        var exponential = restartCount >= 30
            ? maxBackoff.Ticks
            : Math.Min(maxBackoff.Ticks, minBackoff.Ticks * Math.Pow(2, restartCount));
        return TimeSpan.FromTicks((long)Math.Min(long.MaxValue, exponential * stretch));
    }
}
