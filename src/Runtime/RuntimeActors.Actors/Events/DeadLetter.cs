namespace RuntimeActors.Actors;

/// <summary>Published on the event stream for a message whose recipient was not alive to take it.</summary>
/// <param name="Message">The undelivered message.</param>
/// <param name="Sender">Its sender, if any.</param>
/// <param name="Recipient">The actor it was sent to.</param>
public sealed record DeadLetter(object Message, IActorRef? Sender, IActorRef Recipient);

/// <summary>Published on the event stream for a message that the recipient's behaviour did not handle.</summary>
/// <param name="Message">The unhandled message.</param>
/// <param name="Sender">Its sender, if any.</param>
/// <param name="Recipient">The actor that did not handle it.</param>
public sealed record UnhandledMessage(object Message, IActorRef? Sender, IActorRef Recipient);
