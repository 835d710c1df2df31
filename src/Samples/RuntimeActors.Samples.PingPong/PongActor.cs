using RuntimeActors.Actors;

namespace RuntimeActors.Samples.PingPong;

/// <summary>Returns every ping to whoever sent it.</summary>
internal sealed class PongActor : ReceiveActor
{
    public PongActor() => Receive<Ball>(ball => ball.IsPing, ball =>
    {
        Console.WriteLine($"{Sender.Path} -> {Self.Path}: {ball}");
        Sender.Tell(ball with { IsPing = false }, Self);
    });
}
