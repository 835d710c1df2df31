using RuntimeActors.TestKit;
using Xunit.Abstractions;

namespace RuntimeActors.Actors.Tests;

public sealed class HierarchyTests(ITestOutputHelper output) : TestKit.TestKit(output)
{
    [Fact]
    public async Task Top_level_actors_live_under_the_user_guardian()
    {
        var actor = Sys.ActorOf(Props.Create<EchoActor>(), "echo");

        Assert.Equal("ractors://test/user/echo", actor.Path.ToString());
        actor.Tell("hello", TestActor);
        Assert.Equal("hello", await ExpectMsgAsync<string>());
        Assert.Equal(actor, LastSender);
    }

    [Fact]
    public async Task Children_are_named_under_their_parent_and_generated_names_are_unique()
    {
        var parent = Sys.ActorOf(LifecycleActor.Props(TestActor), "parent");
        await ExpectMsgAsync<Hook>(h => h.Name == "PreStart");

        parent.Tell(new CreateChild(Props.Create<EchoActor>(), "kid"), TestActor);
        var kid = await ExpectMsgAsync<IActorRef>();
        parent.Tell(new CreateChild(Props.Create<EchoActor>(), null), TestActor);
        var anonymous1 = await ExpectMsgAsync<IActorRef>();
        parent.Tell(new CreateChild(Props.Create<EchoActor>(), null), TestActor);
        var anonymous2 = await ExpectMsgAsync<IActorRef>();

        Assert.Equal("ractors://test/user/parent/kid", kid.Path.ToString());
        Assert.StartsWith("$", anonymous1.Path.Name, StringComparison.Ordinal);
        Assert.NotEqual(anonymous1.Path, anonymous2.Path);
    }

    [Fact]
    public void Duplicate_and_invalid_names_are_refused_with_a_clear_error()
    {
        Sys.ActorOf(Props.Create<EchoActor>(), "taken");

        var duplicate = Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<EchoActor>(), "taken"));
        Assert.Contains("[taken] is not unique", duplicate.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<EchoActor>(), "a/b"));
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<EchoActor>(), "$reserved"));
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(Props.Create<EchoActor>(), string.Empty));
    }

    [Fact]
    public void An_actor_constructed_with_new_is_refused()
    {
        var error = Assert.Throws<ActorInitializationException>(() => new EchoActor());
        Assert.Contains("ActorOf", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stopping_a_parent_stops_its_children_first_then_the_parent()
    {
        var hooks = CreateTestProbe();
        var parent = Sys.ActorOf(LifecycleActor.Props(hooks.Ref), "parent");
        parent.Tell(new CreateChild(LifecycleActor.Props(hooks.Ref), "child"), TestActor);
        var child = await ExpectMsgAsync<IActorRef>();
        child.Tell(new CreateChild(LifecycleActor.Props(hooks.Ref), "grandchild"), TestActor);
        var grandchild = await ExpectMsgAsync<IActorRef>();
        await hooks.ReceiveNAsync(3);

        Sys.Stop(parent);

        var stops = await hooks.ReceiveNAsync(3);
        Assert.All(stops, hook => Assert.Equal("PostStop", ((Hook)hook).Name));
        Assert.Equal([grandchild, child, parent], stops.Select(hook => ((Hook)hook).Actor));
    }

    [Fact]
    public async Task PoisonPill_stops_after_the_messages_queued_before_it()
    {
        var actor = Sys.ActorOf(LifecycleActor.Props(TestActor));
        await ExpectMsgAsync<Hook>(h => h.Name == "PreStart");

        actor.Tell("one", TestActor);
        actor.Tell(PoisonPill.Instance, TestActor);
        actor.Tell("after", TestActor);

        Assert.Equal("one", (await ExpectMsgAsync<Got>()).Message);
        await ExpectMsgAsync<Hook>(h => h.Name == "PostStop");
        await ExpectNoMsgAsync();
    }

    [Fact]
    public async Task Messages_to_a_stopped_actor_become_dead_letters()
    {
        var deadLetters = CreateTestProbe();
        Sys.EventStream.Subscribe<DeadLetter>(deadLetters.Ref);
        var actor = Sys.ActorOf(Props.Create<EchoActor>());
        await WatchAsync(actor);
        Sys.Stop(actor);
        await ExpectTerminatedAsync(actor);

        actor.Tell("lost", TestActor);

        var letter = await deadLetters.FishForMessageAsync<DeadLetter>(d => "lost".Equals(d.Message));
        Assert.Equal(actor, letter.Recipient);
        Assert.Equal(TestActor, letter.Sender);
    }

    [Fact]
    public async Task One_actor_processes_one_message_at_a_time()
    {
        var actor = Sys.ActorOf(Props.Create(() => new ConcurrencyDetector()));
        const int senders = 4;
        const int perSender = 5_000;

        await Task.WhenAll(Enumerable.Range(0, senders).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < perSender; i++)
            {
                actor.Tell(1, TestActor);
            }
        })));
        actor.Tell("report", TestActor);

        var report = await ExpectMsgAsync<(int Processed, int MaxConcurrent)>();
        Assert.Equal(senders * perSender, report.Processed);
        Assert.Equal(1, report.MaxConcurrent);
    }

    private sealed class ConcurrencyDetector : ReceiveActor
    {
        private int _inside;
        private int _max;
        private int _processed;

        public ConcurrencyDetector()
        {
            Receive<int>(_ =>
            {
                var now = Interlocked.Increment(ref _inside);
                _max = Math.Max(_max, now);
                _processed++;
                Thread.SpinWait(10);
                Interlocked.Decrement(ref _inside);
            });
            Receive<string>(_ => Sender.Tell((_processed, _max), Self));
        }
    }
}
