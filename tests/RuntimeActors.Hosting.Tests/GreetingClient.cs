using RuntimeActors.Actors;

namespace RuntimeActors.Hosting.Tests;

/// <summary>An ordinary DI consumer of a hosted actor: it finds the greeter in the registry and asks it.</summary>
public sealed class GreetingClient(IActorRegistry registry)
{
    public Task<string> GreetAsync(string name) => registry.Get("greeter").Ask<string>(new Greeter.Greet(name));
}
