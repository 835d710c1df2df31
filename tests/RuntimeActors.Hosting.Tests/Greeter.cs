using RuntimeActors.Actors;

namespace RuntimeActors.Hosting.Tests;

/// <summary>Replies to <see cref="Greet"/> with a greeting made by a service it gets through constructor injection.</summary>
public sealed class Greeter : ReceiveActor
{
    public Greeter(GreetingFormatter formatter, ConstructionCounter counter)
    {
        counter.Increment();
        Receive<Greet>(greet => Sender.Tell(formatter.Format(greet.Name, Self)));
        Receive<string>(text => text == "fail", _ => throw new InvalidOperationException("Greeter was told to fail."));
    }

    public sealed record Greet(string Name);
}
