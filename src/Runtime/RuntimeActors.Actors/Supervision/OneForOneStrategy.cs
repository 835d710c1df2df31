namespace RuntimeActors.Actors;

/// <summary>Applies the directive to the failed child only.</summary>
public sealed class OneForOneStrategy : SupervisorStrategy
{
    /// <summary>Creates the strategy.</summary>
    /// <param name="maxNrOfRetries">Restarts allowed per child within the window; negative means unlimited.</param>
    /// <param name="withinTimeRange">The window; null means the child's whole life.</param>
    /// <param name="decider">Maps a failure to a directive; null means <see cref="SupervisorStrategy.DefaultDecider"/>.</param>
    public OneForOneStrategy(int maxNrOfRetries = -1, TimeSpan? withinTimeRange = null, Func<Exception, Directive>? decider = null)
        : base(maxNrOfRetries, withinTimeRange, decider)
    {
    }

    /// <summary>Creates the strategy with unlimited restarts.</summary>
    public OneForOneStrategy(Func<Exception, Directive> decider)
        : this(-1, null, decider)
    {
    }

    internal override void Apply(ActorCell supervisor, ChildRestartStats failed, Exception cause, Directive directive, IReadOnlyList<ChildRestartStats> children)
    {
        switch (directive)
        {
            case Directive.Resume:
                ActorCell.ResumeChild(failed.Child, cause);
                break;
            case Directive.Restart when MayRestart(supervisor, failed):
                ActorCell.RestartChild(failed.Child, cause);
                break;
            case Directive.Restart:
            case Directive.Stop:
                supervisor.StopChild(failed.Child);
                break;
            case Directive.Escalate:
                supervisor.Escalate(failed.Child, cause);
                break;
        }
    }
}
