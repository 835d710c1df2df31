using RuntimeActors.Actors;

namespace RuntimeActors.Hosting.Tests;

/// <summary>A test probe handed to hosted actors and services through DI, so that the test can await what they report.</summary>
public sealed record Witness(IActorRef Probe)
{
    public void Report(object message) => Probe.Tell(message, null);
}
