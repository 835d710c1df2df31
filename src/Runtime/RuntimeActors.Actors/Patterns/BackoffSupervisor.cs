namespace RuntimeActors.Actors;

/// <summary>
/// Supervises one child and re-creates it after a delay that doubles from <see cref="BackoffOptions.MinBackoff"/>
/// to <see cref="BackoffOptions.MaxBackoff"/>, with a random stretch, falling back to the minimum once the child
/// has lived <see cref="BackoffOptions.ResetAfter"/> without failing. Other messages are forwarded to the child.
/// Reconnection in the socket runtime is built on it.
/// </summary>
public sealed class BackoffSupervisor : ActorBase
{
    private static readonly object StartChildKey = new();
    private static readonly object ResetKey = new();

    private readonly BackoffOptions _options;
    private IActorRef? _child;
    private int _restartCount;
    private Exception? _lastFailure;
    private bool _permanentFailure;

    private BackoffSupervisor(BackoffOptions options) => _options = options;

    /// <summary>Props for a supervisor with <paramref name="options"/>.</summary>
    public static Props Props(BackoffOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return Actors.Props.Create(() => new BackoffSupervisor(options));
    }

    /// <summary>Asks for the current child; the reply is <see cref="CurrentChild"/>.</summary>
    public sealed record GetCurrentChild
    {
        /// <summary>The single instance.</summary>
        public static GetCurrentChild Instance { get; } = new();
    }

    /// <summary>The reply to <see cref="GetCurrentChild"/>: null while a re-creation is pending.</summary>
    public sealed record CurrentChild(IActorRef? Child);

    /// <summary>Asks for the number of re-creations since the last reset; the reply is <see cref="RestartCount"/>.</summary>
    public sealed record GetRestartCount
    {
        /// <summary>The single instance.</summary>
        public static GetRestartCount Instance { get; } = new();
    }

    /// <summary>The reply to <see cref="GetRestartCount"/>.</summary>
    public sealed record RestartCount(int Count);

    /// <summary>Resets the delay to the minimum, e.g. after the child reported a success.</summary>
    public sealed record Reset
    {
        /// <summary>The single instance.</summary>
        public static Reset Instance { get; } = new();
    }

    /// <summary>Told to the listener when a child incarnation starts; <paramref name="Attempt"/> is 0 for the first.</summary>
    public sealed record ChildStarted(IActorRef Supervisor, IActorRef Child, int Attempt);

    /// <summary>Told to the listener when a re-creation is scheduled after <paramref name="Delay"/>.</summary>
    public sealed record RestartScheduled(IActorRef Supervisor, int Attempt, TimeSpan Delay, Exception? Cause);

    /// <summary>Told to the listener when the supervisor stops for good; <paramref name="Cause"/> is the last failure, if any.</summary>
    public sealed record GaveUp(IActorRef Supervisor, Exception? Cause);

    private sealed record StartChildTick
    {
        public static StartChildTick Instance { get; } = new();
    }

    private sealed record ResetTick(IActorRef Child);

    /// <inheritdoc />
    protected override void PreStart() => StartChild();

    /// <inheritdoc />
    protected override void PostRestart(Exception reason)
    {
        // The child survived nothing: PreRestart stopped it, so a restarted supervisor starts afresh.
        _restartCount = 0;
        StartChild();
    }

    /// <inheritdoc />
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(cause =>
    {
        var directive = _options.Decider(cause);
        if (directive is Directive.Resume or Directive.Escalate)
        {
            return directive;
        }

        // The child is stopped either way; Terminated decides between a delayed re-creation and giving up.
        _lastFailure = cause;
        _permanentFailure = directive == Directive.Stop;
        return Directive.Stop;
    })
    {
        FailureLogLevel = _options.FailureLogLevel,
    };

    /// <inheritdoc />
    protected override bool Receive(object message)
    {
        switch (message)
        {
            case Terminated terminated when ReferenceEquals(terminated.ActorRef, _child):
                OnChildTerminated();
                return true;
            case StartChildTick:
                StartChild();
                return true;
            case ResetTick reset:
                if (ReferenceEquals(reset.Child, _child))
                {
                    _restartCount = 0;
                }

                return true;
            case Reset:
                _restartCount = 0;
                return true;
            case GetCurrentChild:
                Sender.Tell(new CurrentChild(_child), Self);
                return true;
            case GetRestartCount:
                Sender.Tell(new RestartCount(_restartCount), Self);
                return true;
            case Terminated:
                return true;
            default:
                if (_child is null)
                {
                    return false;
                }

                _child.Tell(message, Context.Sender);
                return true;
        }
    }

    private void StartChild()
    {
        var child = Context.Watch(Context.ActorOf(_options.ChildProps, _options.ChildName));
        _child = child;
        if (_options.ResetAfter != Timeout.InfiniteTimeSpan)
        {
            Timers.StartSingleTimer(ResetKey, new ResetTick(child), _options.ResetAfter ?? _options.MinBackoff);
        }

        _options.Listener?.Tell(new ChildStarted(Self, child, _restartCount), Self);
    }

    private void OnChildTerminated()
    {
        _child = null;
        Timers.Cancel(ResetKey);
        var cause = _lastFailure;
        var shouldRestart = !_permanentFailure && (_options.Mode == BackoffMode.OnStop || cause is not null);
        _lastFailure = null;
        _permanentFailure = false;

        if (shouldRestart && (_options.MaxRetries < 0 || _restartCount < _options.MaxRetries))
        {
            var delay = BackoffDelay.Compute(_restartCount, _options.MinBackoff, _options.MaxBackoff, _options.RandomFactor, Random.Shared.NextDouble());
            _restartCount++;
            Timers.StartSingleTimer(StartChildKey, StartChildTick.Instance, delay);
            _options.Listener?.Tell(new RestartScheduled(Self, _restartCount, delay, cause), Self);
            return;
        }

        _options.Listener?.Tell(new GaveUp(Self, cause), Self);
        Context.Stop(Self);
    }
}
