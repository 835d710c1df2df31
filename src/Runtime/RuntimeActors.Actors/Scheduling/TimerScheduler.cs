namespace RuntimeActors.Actors;

/// <summary>
/// The timers of one actor. Each start gets a new generation number, so that a message of a cancelled or
/// replaced timer that is already in the mailbox is recognised as stale and discarded.
/// </summary>
internal sealed class TimerScheduler(ActorCell owner) : ITimerScheduler
{
    private readonly Dictionary<object, ActiveTimer> _timers = [];
    private long _generation;

    public void StartSingleTimer(object key, object message, TimeSpan delay) =>
        Start(key, message, delay, Timeout.InfiniteTimeSpan);

    public void StartPeriodicTimer(object key, object message, TimeSpan interval) =>
        Start(key, message, interval, interval);

    public void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval) =>
        Start(key, message, initialDelay, interval);

    public bool IsTimerActive(object key) => _timers.ContainsKey(key);

    public void Cancel(object key)
    {
        if (_timers.Remove(key, out var timer))
        {
            timer.Handle.Dispose();
        }
    }

    public void CancelAll()
    {
        foreach (var timer in _timers.Values)
        {
            timer.Handle.Dispose();
        }

        _timers.Clear();
    }

    /// <summary>Whether <paramref name="fired"/> belongs to a live timer; a single timer is done once accepted.</summary>
    public bool Accept(TimerFired fired)
    {
        if (!_timers.TryGetValue(fired.Key, out var timer) || timer.Generation != fired.Generation)
        {
            return false;
        }

        if (!timer.Periodic)
        {
            _timers.Remove(fired.Key);
            timer.Handle.Dispose();
        }

        return true;
    }

    private void Start(object key, object message, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(message);
        Cancel(key);
        var fired = new TimerFired(key, ++_generation, message);
        var self = owner.SelfRef;
        var handle = owner.System.TimeProvider.CreateTimer(static state => ((Delivery)state!).Send(), new Delivery(self, fired), dueTime, period);
        _timers[key] = new ActiveTimer(fired.Generation, period != Timeout.InfiniteTimeSpan, handle);
    }

    private sealed record ActiveTimer(long Generation, bool Periodic, ITimer Handle);

    private sealed record Delivery(IActorRef Target, TimerFired Fired)
    {
        public void Send() => Target.Tell(Fired, null);
    }
}
