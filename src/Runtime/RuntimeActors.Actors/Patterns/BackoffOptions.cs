using Microsoft.Extensions.Logging;

namespace RuntimeActors.Actors;

/// <summary>When a <see cref="BackoffSupervisor"/> re-creates its child.</summary>
public enum BackoffMode
{
    /// <summary>After the child failed (and the decider said Restart); a child that stops by itself ends the supervisor.</summary>
    OnFailure,

    /// <summary>After the child stopped for any reason, including by itself.</summary>
    OnStop,
}

/// <summary>The settings of a <see cref="BackoffSupervisor"/>.</summary>
/// <param name="ChildProps">The recipe of the supervised child.</param>
/// <param name="ChildName">The child's name, reused by every incarnation.</param>
/// <param name="MinBackoff">The delay before the first re-creation.</param>
/// <param name="MaxBackoff">The cap of the doubling delay.</param>
/// <param name="RandomFactor">Random stretch of each delay, e.g. 0.2 for up to 20 %.</param>
public sealed record BackoffOptions(Props ChildProps, string ChildName, TimeSpan MinBackoff, TimeSpan MaxBackoff, double RandomFactor)
{
    /// <summary>When the child is re-created. Default <see cref="BackoffMode.OnFailure"/>.</summary>
    public BackoffMode Mode { get; init; } = BackoffMode.OnFailure;

    /// <summary>
    /// How long a child must live without failing for the delay to fall back to <see cref="MinBackoff"/>; null means
    /// <see cref="MinBackoff"/>. <see cref="Timeout.InfiniteTimeSpan"/> turns the timer off: only a
    /// <see cref="BackoffSupervisor.Reset"/> (from a child that knows when it succeeded) resets the delay.
    /// </summary>
    public TimeSpan? ResetAfter { get; init; }

    /// <summary>Re-creations allowed before the supervisor gives up; negative means unlimited.</summary>
    public int MaxRetries { get; init; } = -1;

    /// <summary>
    /// Classifies a failure of the child: Restart re-creates it after the backoff delay, Stop is a permanent
    /// failure (the supervisor gives up and stops), Resume keeps the child, Escalate fails the supervisor.
    /// Default: Restart on everything.
    /// </summary>
    public Func<Exception, Directive> Decider { get; init; } = static _ => Directive.Restart;

    /// <summary>The level at which the child's failures are logged; null: errors (see <see cref="SupervisorStrategy.FailureLogLevel"/>).</summary>
    public Func<Exception, LogLevel>? FailureLogLevel { get; init; }

    /// <summary>An actor told every <see cref="BackoffSupervisor.ChildStarted"/>, <see cref="BackoffSupervisor.RestartScheduled"/> and <see cref="BackoffSupervisor.GaveUp"/>.</summary>
    public IActorRef? Listener { get; init; }

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(ChildProps);
        ArgumentException.ThrowIfNullOrEmpty(ChildName);
        ArgumentOutOfRangeException.ThrowIfLessThan(MinBackoff, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBackoff, MinBackoff);
        ArgumentOutOfRangeException.ThrowIfNegative(RandomFactor);
    }
}
