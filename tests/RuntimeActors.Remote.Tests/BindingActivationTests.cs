using Akka.Actor;
using Akka.Hosting;
using Akka.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RuntimeActors.Hosting;
using RuntimeActors.Serialization;

namespace RuntimeActors.Remote.Tests;

/// <summary>The serializer bindings are active however the actor system was made, with no serialization configured by hand.</summary>
public sealed class BindingActivationTests
{
    [Fact]
    public async Task A_plain_actor_system_gets_the_bindings_when_the_runtime_starts()
    {
        using var system = ActorSystem.Create("plain");
        try
        {
            // Before the runtime, Akka's default (JSON) would take the runtime's messages.
            Assert.IsNotType<ZMessageSerializer>(system.Serialization.FindSerializerFor(ZMessage.FromStrings("x")));

            await using var runtime = SocketRuntime.Create(system);

            AssertBound(system);
        }
        finally
        {
            await system.Terminate();
        }
    }

    [Fact]
    public async Task A_runtime_with_its_own_system_has_the_bindings()
    {
        await using var runtime = SocketRuntime.Create();

        AssertBound(runtime.System);
    }

    [Fact]
    public async Task An_Akka_Hosting_system_has_the_bindings_from_its_start()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAkka("hosted", (akka, _) => akka.WithSocketRuntime(t => t.AddTcp()));
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var system = host.Services.GetRequiredService<ActorSystem>();

            AssertBound(system);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static void AssertBound(ActorSystem system)
    {
        var serialization = system.Serialization;
        var message = ZMessage.FromStrings("x");
        Assert.IsType<ZMessageSerializer>(serialization.FindSerializerFor(message));
        Assert.IsType<ZMessageSerializer>(serialization.FindSerializerFor(new Zmq.Send(message)));
        Assert.IsType<ZMessageSerializer>(serialization.FindSerializerFor(new Zmq.Received(message)));
        Assert.IsType<ZMessageSerializer>(serialization.FindSerializerFor(new Zmq.SendFailed(message, ZmqError.WouldBlock)));
        Assert.IsType<HyperionSerializer>(serialization.FindSerializerFor(new Zmq.Bind("tcp://*:1")));
        Assert.IsType<HyperionSerializer>(serialization.FindSerializerFor(Zmq.ResumeWriting.Instance));
        Assert.IsType<HyperionSerializer>(serialization.FindSerializerFor(new SocketEvent(SocketEventKind.Listening, ActorRefs.Nobody, "tcp://*:1")));

        // Nothing else is taken from Akka's defaults: a string or an application's record keeps its serializer.
        Assert.IsNotType<HyperionSerializer>(serialization.FindSerializerFor(new Unrelated(1)));
    }

    /// <summary>An application's message the runtime must not bind.</summary>
    public sealed record Unrelated(int Value);
}
