namespace RuntimeActors.Actors;

/// <summary>
/// Sends messages or runs actions later, on the system's <see cref="TimeProvider"/>. Inside an actor prefer
/// its <see cref="ITimerScheduler"/>, whose timers die with the actor.
/// </summary>
public sealed class Scheduler
{
    private readonly TimeProvider _time;

    internal Scheduler(TimeProvider time) => _time = time;

    /// <summary>Tells <paramref name="message"/> to <paramref name="receiver"/> once, after <paramref name="delay"/>.</summary>
    public ICancelable ScheduleTellOnce(TimeSpan delay, IActorRef receiver, object message, IActorRef? sender) =>
        Schedule(delay, Timeout.InfiniteTimeSpan, () => receiver.Tell(message, sender));

    /// <summary>Tells <paramref name="message"/> after <paramref name="initialDelay"/>, then every <paramref name="interval"/>.</summary>
    public ICancelable ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, IActorRef receiver, object message, IActorRef? sender) =>
        Schedule(initialDelay, interval, () => receiver.Tell(message, sender));

    /// <summary>Runs <paramref name="action"/> on the thread pool after <paramref name="delay"/>.</summary>
    public ICancelable ScheduleOnce(TimeSpan delay, Action action) => Schedule(delay, Timeout.InfiniteTimeSpan, action);

    private Cancelable Schedule(TimeSpan dueTime, TimeSpan period, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        var cancelable = new Cancelable(action);
        cancelable.Timer = _time.CreateTimer(static state => ((Cancelable)state!).Run(), cancelable, dueTime, period);
        return cancelable;
    }

    private sealed class Cancelable(Action action) : ICancelable
    {
        private volatile bool _cancelled;

        public ITimer? Timer { get; set; }

        public bool IsCancellationRequested => _cancelled;

        public void Run()
        {
            if (!_cancelled)
            {
                action();
            }
        }

        public void Cancel()
        {
            _cancelled = true;
            Timer?.Dispose();
        }

        public void Dispose() => Cancel();
    }
}
