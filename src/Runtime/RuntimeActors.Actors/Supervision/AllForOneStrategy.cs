namespace RuntimeActors.Actors;

/// <summary>
/// Applies Restart and Stop to every child of the supervisor, for children that only work as a group;
/// Resume and Escalate concern the failed child alone.
/// </summary>
public sealed class AllForOneStrategy : SupervisorStrategy
{
    /// <summary>Creates the strategy.</summary>
    /// <param name="maxNrOfRetries">Restarts allowed per child within the window; negative means unlimited.</param>
    /// <param name="withinTimeRange">The window; null means the child's whole life.</param>
    /// <param name="decider">Maps a failure to a directive; null means <see cref="SupervisorStrategy.DefaultDecider"/>.</param>
    public AllForOneStrategy(int maxNrOfRetries = -1, TimeSpan? withinTimeRange = null, Func<Exception, Directive>? decider = null)
        : base(maxNrOfRetries, withinTimeRange, decider)
    {
    }

    /// <summary>Creates the strategy with unlimited restarts.</summary>
    public AllForOneStrategy(Func<Exception, Directive> decider)
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
            case Directive.Restart when MayRestartAll(supervisor, children):
                foreach (var child in children)
                {
                    ActorCell.RestartChild(child.Child, cause);
                }

                break;
            case Directive.Restart:
            case Directive.Stop:
                foreach (var child in children)
                {
                    supervisor.StopChild(child.Child);
                }

                break;
            case Directive.Escalate:
                supervisor.Escalate(failed.Child, cause);
                break;
        }
    }

    private bool MayRestartAll(ActorCell supervisor, IReadOnlyList<ChildRestartStats> children)
    {
        var allowed = true;
        foreach (var child in children)
        {
            allowed &= MayRestart(supervisor, child);
        }

        return allowed;
    }
}
