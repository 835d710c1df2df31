using Microsoft.Extensions.Logging;

namespace RuntimeActors.Actors;

/// <summary>What an actor knows and can do about itself while it processes a message.</summary>
public interface IActorContext
{
    /// <summary>The actor's own reference.</summary>
    IActorRef Self { get; }

    /// <summary>The sender of the message being processed; dead letters when it has none.</summary>
    IActorRef Sender { get; }

    /// <summary>The actor's supervisor.</summary>
    IActorRef Parent { get; }

    /// <summary>The props the actor was made from.</summary>
    Props Props { get; }

    /// <summary>The system the actor belongs to.</summary>
    ActorSystem System { get; }

    /// <summary>The live children of the actor.</summary>
    IReadOnlyCollection<IActorRef> Children { get; }

    /// <summary>Creates a child actor supervised by this actor.</summary>
    /// <param name="props">The recipe of the child.</param>
    /// <param name="name">A unique name among the children, or null for a generated one.</param>
    IActorRef ActorOf(Props props, string? name = null);

    /// <summary>The child named <paramref name="name"/>, or null.</summary>
    IActorRef? Child(string name);

    /// <summary>Stops <paramref name="actor"/> (this actor or one of its children) after its current message.</summary>
    void Stop(IActorRef actor);

    /// <summary>Watches <paramref name="subject"/>: a <see cref="Terminated"/> arrives, exactly once, when it stops.</summary>
    IActorRef Watch(IActorRef subject);

    /// <summary>Stops watching <paramref name="subject"/>; no <see cref="Terminated"/> for it arrives afterwards.</summary>
    IActorRef Unwatch(IActorRef subject);

    /// <summary>Replaces the current behaviour with <paramref name="receive"/>.</summary>
    void Become(Receive receive);

    /// <summary>Pushes <paramref name="receive"/> on top of the behaviour stack.</summary>
    void BecomeStacked(Receive receive);

    /// <summary>Returns to the behaviour below the current one; the initial behaviour is never removed.</summary>
    void UnbecomeStacked();

    /// <summary>A logger whose category is the actor's type.</summary>
    ILogger Log { get; }
}
