using RuntimeActors.TestKit;
using Xunit.Abstractions;

namespace RuntimeActors.Actors.Tests;

public sealed class EventStreamTests(ITestOutputHelper output) : TestKit.TestKit(output)
{
    private abstract record Animal(string Name);

    private sealed record Dog(string Name) : Animal(Name);

    private sealed record Cat(string Name) : Animal(Name);

    [Fact]
    public async Task Subscribers_receive_events_of_their_type_and_its_subtypes_only()
    {
        var animals = CreateTestProbe();
        var dogs = CreateTestProbe();
        Sys.EventStream.Subscribe<Animal>(animals.Ref);
        Sys.EventStream.Subscribe<Dog>(dogs.Ref);

        Sys.EventStream.Publish(new Cat("tom"));
        Sys.EventStream.Publish(new Dog("rex"));

        Assert.Equal(new Cat("tom"), await animals.ExpectMsgAsync<Cat>());
        Assert.Equal(new Dog("rex"), await animals.ExpectMsgAsync<Dog>());
        Assert.Equal(new Dog("rex"), await dogs.ExpectMsgAsync<Dog>());
        await dogs.ExpectNoMsgAsync();
    }

    [Fact]
    public async Task Unsubscribe_stops_delivery()
    {
        var probe = CreateTestProbe();
        Assert.True(Sys.EventStream.Subscribe<Dog>(probe.Ref));
        Assert.False(Sys.EventStream.Subscribe<Dog>(probe.Ref));
        Assert.True(Sys.EventStream.Unsubscribe(probe.Ref, typeof(Dog)));

        Sys.EventStream.Publish(new Dog("rex"));

        await probe.ExpectNoMsgAsync();
    }

    [Fact]
    public async Task A_stopped_subscriber_is_dropped()
    {
        var subscriber = Sys.ActorOf(Props.Create<EchoActor>());
        Sys.EventStream.Subscribe<Dog>(subscriber);
        await WatchAsync(subscriber);
        Sys.Stop(subscriber);
        await ExpectTerminatedAsync(subscriber);

        Sys.EventStream.Publish(new Dog("rex"));

        Assert.False(Sys.EventStream.Unsubscribe(subscriber));
    }

    [Fact]
    public async Task Unhandled_messages_are_published()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe<UnhandledMessage>(probe.Ref);
        var picky = Sys.ActorOf(Props.Create(() => new Picky()));

        picky.Tell(42, TestActor);

        var unhandled = await probe.ExpectMsgAsync<UnhandledMessage>();
        Assert.Equal((42, picky, TestActor), (unhandled.Message, unhandled.Recipient, unhandled.Sender!));
    }

    [Fact]
    public async Task Messages_to_DeadLetters_are_published_with_their_sender()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe<DeadLetter>(probe.Ref);

        Sys.DeadLetters.Tell("nobody home", TestActor);

        var letter = await probe.ExpectMsgAsync<DeadLetter>();
        Assert.Equal(("nobody home", TestActor), (letter.Message, letter.Sender!));
    }

    private sealed class Picky : ReceiveActor
    {
        public Picky() => Receive<string>(_ => { });
    }
}
