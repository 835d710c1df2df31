namespace RuntimeActors.Actors;

/// <summary>
/// An immutable handle to an actor. Messages sent with <see cref="Tell"/> are delivered to the actor's
/// mailbox and processed one at a time. Two references are equal when they point to the same incarnation
/// of an actor: a restarted actor keeps its reference, a stopped and re-created one gets a new one.
/// </summary>
public interface IActorRef
{
    /// <summary>The actor's place in the hierarchy, e.g. <c>ractors://sys/user/parent/child</c>.</summary>
    ActorPath Path { get; }

    /// <summary>Sends <paramref name="message"/> to the actor without waiting; <paramref name="sender"/> becomes the actor's <c>Sender</c>.</summary>
    /// <param name="message">The message; never null.</param>
    /// <param name="sender">The reference replies go to, or null when there is none.</param>
    void Tell(object message, IActorRef? sender);
}
