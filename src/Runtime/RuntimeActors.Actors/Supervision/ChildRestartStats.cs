namespace RuntimeActors.Actors;

/// <summary>A child and the restarts it used within the strategy's time window.</summary>
internal sealed class ChildRestartStats(IActorRef child)
{
    private int _restartCount;
    private long _windowStart;

    public IActorRef Child { get; } = child;

    /// <summary>Counts a restart and says whether it stays within <paramref name="maxRetries"/> in <paramref name="window"/>.</summary>
    /// <param name="maxRetries">Restarts allowed; negative means unlimited.</param>
    /// <param name="window">The window the count applies to; null means the child's whole life.</param>
    /// <param name="nowTimestamp">The current time, in <see cref="TimeProvider.GetTimestamp"/> units.</param>
    /// <param name="timestampFrequency">Timestamp ticks per second.</param>
    public bool RequestRestartPermission(int maxRetries, TimeSpan? window, long nowTimestamp, long timestampFrequency)
    {
        if (maxRetries < 0)
        {
            return true;
        }

        if (window is not { } within)
        {
            return ++_restartCount <= maxRetries;
        }

        var windowTicks = (long)(within.TotalSeconds * timestampFrequency);
        if (_restartCount == 0 || nowTimestamp - _windowStart > windowTicks)
        {
            _windowStart = nowTimestamp;
            _restartCount = 1;
            return maxRetries > 0;
        }

        return ++_restartCount <= maxRetries;
    }
}
