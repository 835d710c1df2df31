namespace RuntimeActors.Actors;

/// <summary>A reference the kernel can also send system messages to.</summary>
internal abstract class InternalActorRef : IActorRef
{
    public abstract ActorPath Path { get; }

    public abstract bool IsTerminated { get; }

    public abstract void Tell(object message, IActorRef? sender);

    public abstract void SendSystemMessage(SystemMessage message);

    public override string ToString() => $"[{Path}]";
}
