namespace RuntimeActors.Actors;

/// <summary>A timer's message on its way through the owner's mailbox, checked against the timer's generation on arrival.</summary>
internal sealed record TimerFired(object Key, long Generation, object Message) : IAutoReceivedMessage;
