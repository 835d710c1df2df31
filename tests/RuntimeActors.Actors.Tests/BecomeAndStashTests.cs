using RuntimeActors.TestKit;
using Xunit.Abstractions;

namespace RuntimeActors.Actors.Tests;

public sealed class BecomeAndStashTests(ITestOutputHelper output) : TestKit.TestKit(output)
{
    [Fact]
    public async Task Become_replaces_the_behaviour_and_stacked_behaviours_unwind()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Moody()));

        actor.Tell("mood?", TestActor);
        await ExpectMsgAsync("calm");
        actor.Tell("anger", TestActor);
        actor.Tell("mood?", TestActor);
        await ExpectMsgAsync("angry");
        actor.Tell("push-happy", TestActor);
        actor.Tell("mood?", TestActor);
        await ExpectMsgAsync("happy");
        actor.Tell("pop", TestActor);
        actor.Tell("mood?", TestActor);
        await ExpectMsgAsync("angry");
    }

    [Fact]
    public async Task A_restart_returns_to_the_initial_behaviour()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Moody()));
        actor.Tell("anger", TestActor);

        actor.Tell("throw", TestActor);
        actor.Tell("mood?", TestActor);

        await ExpectMsgAsync("calm");
    }

    [Fact]
    public async Task Messages_not_handled_by_a_new_behaviour_are_unhandled()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe<UnhandledMessage>(probe.Ref);
        var actor = Sys.ActorOf(Props.Create(() => new Moody()));
        actor.Tell("anger", TestActor);

        actor.Tell(3.14, TestActor);

        Assert.Equal(3.14, (await probe.ExpectMsgAsync<UnhandledMessage>()).Message);
    }

    [Fact]
    public async Task UnstashAll_replays_stashed_messages_first_and_in_order()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Opener()));
        actor.Tell("a", TestActor);
        actor.Tell("b", TestActor);
        actor.Tell("c", TestActor);

        actor.Tell("open", TestActor);
        actor.Tell("d", TestActor);

        Assert.Equal(["a", "b", "c", "d"], await ReceiveNAsync(4));
    }

    [Fact]
    public async Task Stashed_messages_survive_a_restart()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Opener()));
        actor.Tell("a", TestActor);
        actor.Tell("b", TestActor);

        actor.Tell("throw", TestActor);
        actor.Tell("open", TestActor);

        Assert.Equal(["a", "b"], await ReceiveNAsync(2));
    }

    private sealed class Moody : ReceiveActor
    {
        public Moody()
        {
            Receive<string>(s => s == "mood?", _ => Sender.Tell("calm", Self));
            Receive<string>(s => s == "anger", _ => Become(Angry));
            Receive<string>(s => s == "throw", _ => throw new TestException("reset"));
        }

        private void Angry()
        {
            Receive<string>(s => s == "mood?", _ => Sender.Tell("angry", Self));
            Receive<string>(s => s == "push-happy", _ => BecomeStacked(Happy));
            Receive<string>(s => s == "throw", _ => throw new TestException("reset"));
        }

        private void Happy()
        {
            Receive<string>(s => s == "mood?", _ => Sender.Tell("happy", Self));
            Receive<string>(s => s == "pop", _ => Context.UnbecomeStacked());
        }
    }

    /// <summary>Stashes everything until "open", then replays it.</summary>
    private sealed class Opener : ReceiveActor
    {
        public Opener()
        {
            Receive<string>(s => s == "open", _ =>
            {
                Become(() => Receive<string>(m => Sender.Tell(m, Self)));
                Stash.UnstashAll();
            });
            Receive<string>(s => s == "throw", _ => throw new TestException("restart with a stash"));
            Receive<string>(_ => Stash.Stash());
        }
    }
}
