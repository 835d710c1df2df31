using RuntimeActors.Actors;

namespace RuntimeActors.Hosting.Tests;

/// <summary>A singleton service the greeter depends on.</summary>
public sealed class GreetingFormatter(string salutation)
{
    public string Format(string name, IActorRef greeter) => $"{salutation}, {name}! ({greeter.Path.Name})";
}
