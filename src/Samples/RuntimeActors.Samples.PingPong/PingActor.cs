using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RuntimeActors.Actors;
using RuntimeActors.Hosting;

namespace RuntimeActors.Samples.PingPong;

/// <summary>
/// Serves the ball to pong and plays it back until the configured number of rounds, then stops the program.
/// Its constructor's parameters come from the host's services.
/// </summary>
internal sealed class PingActor : ReceiveActor
{
    public PingActor(IActorRegistry registry, IOptions<PingPongOptions> options, IHostApplicationLifetime lifetime)
    {
        // Pong is added to the builder before ping, so it is registered by the time ping is created.
        var pong = registry.Get("pong");
        var rounds = options.Value.Rounds;

        Receive<Serve>(_ =>
        {
            Console.WriteLine($"{Self.Path} serves {rounds} rounds to {pong.Path}");
            pong.Tell(new Ball(1, IsPing: true), Self);
        });
        Receive<Ball>(ball => !ball.IsPing, ball =>
        {
            Console.WriteLine($"{Sender.Path} -> {Self.Path}: {ball}");
            if (ball.Round < rounds)
            {
                Sender.Tell(new Ball(ball.Round + 1, IsPing: true), Self);
                return;
            }

            Console.WriteLine($"{Self.Path}: game over after {rounds} rounds; stopping the host");
            lifetime.StopApplication();
        });
    }

    /// <summary>Starts the game.</summary>
    public sealed class Serve
    {
        public static readonly Serve Instance = new();

        private Serve()
        {
        }
    }
}
