namespace RuntimeActors.Actors;

/// <summary>Where messages without a live recipient go: each is published as a <see cref="DeadLetter"/>.</summary>
internal sealed class DeadLetterActorRef : InternalActorRef
{
    private readonly ActorSystem _system;

    public DeadLetterActorRef(ActorSystem system, ActorPath path)
    {
        _system = system;
        Path = path;
    }

    public override ActorPath Path { get; }

    public override bool IsTerminated => false;

    public override void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message is DeadLetter deadLetter)
        {
            _system.PublishDeadLetter(deadLetter.Message, deadLetter.Sender, deadLetter.Recipient);
        }
        else
        {
            _system.PublishDeadLetter(message, sender, this);
        }
    }

    public override void SendSystemMessage(SystemMessage message)
    {
        if (message is Watch watch && watch.Watcher is InternalActorRef watcher)
        {
            watcher.SendSystemMessage(new DeathWatchNotification(this, ExistenceConfirmed: false));
        }
    }
}
