using Microsoft.Extensions.DependencyInjection;
using RuntimeActors.Actors;

namespace RuntimeActors.Hosting.Tests;

/// <summary>Mistakes in the registration are reported when they are made, not when the host starts.</summary>
public sealed class AddRuntimeActorsTests
{
    [Fact]
    public void A_second_actor_system_in_one_service_collection_is_refused()
    {
        var services = new ServiceCollection().AddRuntimeActors("first", _ => { });

        var error = Assert.Throws<InvalidOperationException>(() => services.AddRuntimeActors("second", _ => { }));

        Assert.Contains("AddRuntimeActors was already called for actor system 'first'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_actors_under_one_name_are_refused()
    {
        var services = new ServiceCollection();

        var error = Assert.Throws<ArgumentException>(() => services.AddRuntimeActors("twice", actors => actors
            .WithActor<Greeter>("greeter")
            .WithActor("greeter", (system, _, _) => system.ActorOf(Props.Create(() => new Greeter(new GreetingFormatter("Hi"), new ConstructionCounter())), "greeter"))));

        Assert.Contains("An actor named 'greeter' is already added to actor system 'twice'", error.Message, StringComparison.Ordinal);
    }
}
