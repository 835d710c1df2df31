namespace RuntimeActors.Actors;

/// <summary>Marks messages the kernel handles before the actor's behaviour sees them.</summary>
internal interface IAutoReceivedMessage;

/// <summary>Stops the actor when processed, after the messages enqueued before it.</summary>
public sealed class PoisonPill : IAutoReceivedMessage
{
    private PoisonPill()
    {
    }

    /// <summary>The single instance.</summary>
    public static PoisonPill Instance { get; } = new();
}

/// <summary>Makes the actor fail with <see cref="ActorKilledException"/> when processed, so that its supervisor decides.</summary>
public sealed class Kill : IAutoReceivedMessage
{
    private Kill()
    {
    }

    /// <summary>The single instance.</summary>
    public static Kill Instance { get; } = new();
}

/// <summary>Delivered to a watcher, exactly once, when an actor it watches has stopped.</summary>
/// <param name="ActorRef">The actor that stopped.</param>
/// <param name="ExistenceConfirmed">False when the actor was already gone before the watch arrived.</param>
public sealed record Terminated(IActorRef ActorRef, bool ExistenceConfirmed) : IAutoReceivedMessage;

/// <summary>Replies that carry success or failure, understood by Ask and produced by PipeTo.</summary>
public static class Status
{
    /// <summary>A successful outcome with an optional value.</summary>
    public sealed record Success(object? Value);

    /// <summary>A failed outcome: Ask completes its task with <paramref name="Cause"/>.</summary>
    public sealed record Failure(Exception Cause);
}
