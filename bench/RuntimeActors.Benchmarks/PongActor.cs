using RuntimeActors.Actors;

namespace RuntimeActors.Benchmarks;

/// <summary>Returns every ball to its sender.</summary>
internal sealed class PongActor : UntypedActor
{
    protected override void OnReceive(object message)
    {
        if (ReferenceEquals(message, Signal.Ball))
        {
            Sender.Tell(Signal.Ball, Self);
        }
        else
        {
            Unhandled(message);
        }
    }
}
