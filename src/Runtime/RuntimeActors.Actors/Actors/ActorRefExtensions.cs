namespace RuntimeActors.Actors;

/// <summary>Tell and Forward with the implicit sender of the calling actor.</summary>
public static class ActorRefExtensions
{
    /// <summary>
    /// Sends <paramref name="message"/> with the calling actor as sender when called from inside an actor,
    /// and with no sender otherwise.
    /// </summary>
    public static void Tell(this IActorRef receiver, object message) =>
        receiver.Tell(message, ActorCell.Current?.Self);

    /// <summary>Sends <paramref name="message"/> keeping the sender of the message the calling actor is processing.</summary>
    /// <exception cref="InvalidOperationException">Called outside an actor.</exception>
    public static void Forward(this IActorRef receiver, object message)
    {
        var cell = ActorCell.Current ?? throw new InvalidOperationException("Forward can only be called while an actor processes a message.");
        receiver.Tell(message, cell.CurrentSender);
    }
}
