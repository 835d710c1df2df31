using RuntimeActors.Actors;

namespace RuntimeActors.TestKit;

/// <summary>A message a test actor received, with its sender.</summary>
/// <param name="Message">The message.</param>
/// <param name="Sender">Its sender; dead letters when it had none.</param>
public sealed record ReceivedMessage(object Message, IActorRef Sender);
