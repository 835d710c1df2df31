namespace RuntimeActors.Actors;

/// <summary>A user message with its sender, stored by value in the mailbox so that a Tell allocates nothing.</summary>
internal readonly record struct Envelope(object Message, IActorRef? Sender);
