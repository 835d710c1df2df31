namespace RuntimeActors.Actors;

/// <summary>The reference to an actor of this process: a Tell is one enqueue into its mailbox.</summary>
internal sealed class LocalActorRef : InternalActorRef
{
    private readonly ActorCell _cell;

    public LocalActorRef(ActorCell cell, ActorPath path)
    {
        _cell = cell;
        Path = path;
    }

    public override ActorPath Path { get; }

    public override bool IsTerminated => _cell.Mailbox.IsClosed;

    internal ActorCell Cell => _cell;

    public override void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        _cell.Mailbox.EnqueueUser(new Envelope(message, sender));
    }

    public override void SendSystemMessage(SystemMessage message)
    {
        if (!_cell.Mailbox.TryEnqueueSystem(message))
        {
            _cell.HandleSystemMessageWhenDead(message);
        }
    }
}
