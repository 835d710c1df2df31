namespace RuntimeActors.Actors;

internal sealed partial class ActorCell
{
    private readonly HashSet<IActorRef> _watching = [];
    private readonly HashSet<IActorRef> _watchedBy = [];

    public IActorRef Watch(IActorRef subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (ReferenceEquals(subject, _self) || !_watching.Add(subject))
        {
            return subject;
        }

        AsInternal(subject).SendSystemMessage(new Watch(subject, _self));
        return subject;
    }

    public IActorRef Unwatch(IActorRef subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (_watching.Remove(subject))
        {
            AsInternal(subject).SendSystemMessage(new Unwatch(subject, _self));
        }

        return subject;
    }

    /// <summary>How a dead actor answers the system messages that reach it after its mailbox closed.</summary>
    public void HandleSystemMessageWhenDead(SystemMessage message)
    {
        if (message is Watch watch && !ReferenceEquals(watch.Watcher, _self))
        {
            AsInternal(watch.Watcher).SendSystemMessage(new DeathWatchNotification(_self, ExistenceConfirmed: true));
        }
    }

    private void AddWatcher(Watch watch)
    {
        if (!ReferenceEquals(watch.Watchee, _self) || ReferenceEquals(watch.Watcher, _self))
        {
            return;
        }

        if (_isTerminated)
        {
            HandleSystemMessageWhenDead(watch);
        }
        else
        {
            _watchedBy.Add(watch.Watcher);
        }
    }

    private void RemoveWatcher(Unwatch unwatch)
    {
        if (ReferenceEquals(unwatch.Watchee, _self))
        {
            _watchedBy.Remove(unwatch.Watcher);
        }
    }

    private void HandleDeathWatchNotification(DeathWatchNotification notification)
    {
        var actor = notification.Actor;
        if (_watching.Remove(actor) && !_isTerminating)
        {
            // Terminated is an ordinary message, so it queues behind what the dead actor sent before dying.
            _self.Tell(new Terminated(actor, notification.ExistenceConfirmed), actor);
        }

        if (!RemoveChild(actor))
        {
            return;
        }

        if (_isTerminating)
        {
            if (ChildCount() == 0)
            {
                FinishTerminate();
            }
        }
        else if (_pendingRecreate is { } cause && _stoppingChildren.Count == 0)
        {
            FinishRecreate(cause);
        }
    }

    private void UnwatchAll()
    {
        foreach (var subject in _watching)
        {
            AsInternal(subject).SendSystemMessage(new Unwatch(subject, _self));
        }

        _watching.Clear();
    }

    private void NotifyWatchersOfTermination()
    {
        var notification = new DeathWatchNotification(_self, ExistenceConfirmed: true);
        foreach (var watcher in _watchedBy)
        {
            AsInternal(watcher).SendSystemMessage(notification);
        }

        if (!_watchedBy.Contains(_parent))
        {
            _parent.SendSystemMessage(notification);
        }

        _watchedBy.Clear();
    }

    private static InternalActorRef AsInternal(IActorRef actor) =>
        actor as InternalActorRef
        ?? throw new ArgumentException($"[{actor.Path}] is not an actor of this runtime and cannot be watched.", nameof(actor));
}
