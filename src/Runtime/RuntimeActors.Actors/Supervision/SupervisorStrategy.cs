using Microsoft.Extensions.Logging;

namespace RuntimeActors.Actors;

/// <summary>
/// How a supervisor treats a failed child: a decider turns the exception into a <see cref="Directive"/>,
/// applied to the failed child (<see cref="OneForOneStrategy"/>) or to all children (<see cref="AllForOneStrategy"/>).
/// A child restarted more than <see cref="MaxNrOfRetries"/> times within <see cref="WithinTimeRange"/> is stopped.
/// </summary>
public abstract class SupervisorStrategy
{
    /// <summary>Creates a strategy.</summary>
    /// <param name="maxNrOfRetries">Restarts allowed per child within the window; negative means unlimited.</param>
    /// <param name="withinTimeRange">The window; null means the child's whole life.</param>
    /// <param name="decider">Maps a failure to a directive; null means <see cref="DefaultDecider"/>.</param>
    protected SupervisorStrategy(int maxNrOfRetries, TimeSpan? withinTimeRange, Func<Exception, Directive>? decider)
    {
        MaxNrOfRetries = maxNrOfRetries;
        WithinTimeRange = withinTimeRange;
        Decider = decider ?? DefaultDecider;
    }

    /// <summary>
    /// One-for-one, unlimited restarts, <see cref="DefaultDecider"/>: the strategy of actors that do not choose one.
    /// </summary>
    public static SupervisorStrategy Default { get; } = new OneForOneStrategy();

    /// <summary>One-for-one, stopping every failed child.</summary>
    public static SupervisorStrategy Stopping { get; } = new OneForOneStrategy(_ => Directive.Stop);

    /// <summary>Restarts allowed per child within <see cref="WithinTimeRange"/>; negative means unlimited.</summary>
    public int MaxNrOfRetries { get; }

    /// <summary>The window for <see cref="MaxNrOfRetries"/>; null means the child's whole life.</summary>
    public TimeSpan? WithinTimeRange { get; }

    /// <summary>Maps a failure to a directive.</summary>
    public Func<Exception, Directive> Decider { get; }

    /// <summary>
    /// The level at which a failure of a child is logged (always with the child's path); null logs every failure
    /// as an error, but a kill as information. A supervisor for which some failures are routine (a refused
    /// reconnect attempt) lowers their level rather than hiding them.
    /// </summary>
    public Func<Exception, LogLevel>? FailureLogLevel { get; init; }

    /// <summary>
    /// Stops on <see cref="ActorInitializationException"/>, <see cref="ActorKilledException"/> and
    /// <see cref="DeathPactException"/>; restarts on anything else.
    /// </summary>
    public static Directive DefaultDecider(Exception cause) => cause switch
    {
        ActorInitializationException or ActorKilledException or DeathPactException => Directive.Stop,
        _ => Directive.Restart,
    };

    internal abstract void Apply(ActorCell supervisor, ChildRestartStats failed, Exception cause, Directive directive, IReadOnlyList<ChildRestartStats> children);

    /// <summary>Whether a restart of <paramref name="child"/> stays within the retry limit.</summary>
    internal bool MayRestart(ActorCell supervisor, ChildRestartStats child)
    {
        var time = supervisor.System.TimeProvider;
        return child.RequestRestartPermission(MaxNrOfRetries, WithinTimeRange, time.GetTimestamp(), time.TimestampFrequency);
    }
}
