namespace RuntimeActors.Actors;

/// <summary>The root of the hierarchy: when the user guardian has stopped, it stops itself and so the system.</summary>
internal sealed class RootGuardian : ActorBase
{
    protected override void PreStart()
    {
        if (Context.Child("user") is { } user)
        {
            Context.Watch(user);
        }
    }

    protected override bool Receive(object message)
    {
        if (message is Terminated)
        {
            Context.Stop(Self);
            return true;
        }

        return false;
    }

    // A failing guardian cannot be restarted into a consistent tree: stop it and with it the system.
    protected override SupervisorStrategy SupervisorStrategy() => Actors.SupervisorStrategy.Stopping;
}

/// <summary>The parent of top-level actors (<c>/user</c>) and of the runtime's own actors (<c>/system</c>).</summary>
internal sealed class Guardian(SupervisorStrategy strategy) : ActorBase
{
    protected override bool Receive(object message) => false;

    protected override SupervisorStrategy SupervisorStrategy() => strategy;
}

/// <summary>The parent of the root guardian: it turns the root's termination into the system's.</summary>
internal sealed class RootParentRef(ActorSystem system, ActorPath path) : InternalActorRef
{
    public override ActorPath Path { get; } = path;

    public override bool IsTerminated => system.WhenTerminated.IsCompleted;

    public override void Tell(object message, IActorRef? sender) => system.PublishDeadLetter(message, sender, this);

    public override void SendSystemMessage(SystemMessage message)
    {
        switch (message)
        {
            case Failed failed:
                system.OnRootFailed(failed.Cause);
                break;
            case DeathWatchNotification:
                system.OnRootTerminated();
                break;
        }
    }
}
