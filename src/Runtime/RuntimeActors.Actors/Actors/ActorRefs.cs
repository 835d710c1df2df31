namespace RuntimeActors.Actors;

/// <summary>Well-known references.</summary>
public static class ActorRefs
{
    /// <summary>The absence of a sender: replies to it go to dead letters.</summary>
    public static readonly IActorRef? NoSender;

    /// <summary>A reference that accepts and discards every message.</summary>
    public static IActorRef Nobody { get; } = new NobodyRef();

    private sealed class NobodyRef : IActorRef
    {
        public ActorPath Path { get; } = ActorPath.Root("nobody");

        public void Tell(object message, IActorRef? sender)
        {
        }

        public override string ToString() => "Nobody";
    }
}
