using RuntimeActors.TestKit;
using Xunit.Abstractions;

namespace RuntimeActors.Actors.Tests;

public sealed class DeathWatchTests(ITestOutputHelper output) : TestKit.TestKit(output)
{
    [Fact]
    public async Task A_watcher_gets_Terminated_exactly_once()
    {
        var subject = Sys.ActorOf(Props.Create<EchoActor>());
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(TestActor)));
        watcher.Tell(subject, TestActor);
        watcher.Tell(subject, TestActor);
        await ExpectMsgAsync("watching");
        await ExpectMsgAsync("watching");

        Sys.Stop(subject);
        subject.Tell(PoisonPill.Instance, TestActor);

        var terminated = await ExpectMsgAsync<Terminated>();
        Assert.Equal(subject, terminated.ActorRef);
        Assert.Equal(watcher, LastSender);
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task Watching_an_actor_that_is_already_dead_delivers_Terminated_once()
    {
        var subject = Sys.ActorOf(Props.Create<EchoActor>());
        await WatchAsync(subject);
        Sys.Stop(subject);
        await ExpectTerminatedAsync(subject);
        await UnwatchAsync(subject);

        var lateWatcher = Sys.ActorOf(Props.Create(() => new Watcher(TestActor)));
        lateWatcher.Tell(subject, TestActor);

        await ExpectMsgAsync("watching");
        var terminated = await ExpectMsgAsync<Terminated>();
        Assert.Equal(subject, terminated.ActorRef);
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task Every_watcher_is_told()
    {
        var subject = Sys.ActorOf(Props.Create<EchoActor>());
        var probes = Enumerable.Range(0, 5).Select(_ => CreateTestProbe()).ToList();
        foreach (var probe in probes)
        {
            await probe.WatchAsync(subject);
        }

        Sys.Stop(subject);

        foreach (var probe in probes)
        {
            await probe.ExpectTerminatedAsync(subject);
        }
    }

    [Fact]
    public async Task Unwatch_prevents_the_Terminated()
    {
        var subject = Sys.ActorOf(Props.Create<EchoActor>());
        var other = Sys.ActorOf(Props.Create<EchoActor>());
        await WatchAsync(subject);
        await WatchAsync(other);
        await UnwatchAsync(subject);

        Sys.Stop(subject);
        Sys.Stop(other);

        await ExpectTerminatedAsync(other);
        await ExpectNoMsgAsync();
    }

    [Fact]
    public async Task An_unhandled_Terminated_fails_the_watcher_with_a_death_pact()
    {
        var failures = CreateTestProbe();
        var supervisor = Sys.ActorOf(Supervisor.Props(new OneForOneStrategy(e =>
        {
            failures.Ref.Tell(e, ActorRefs.NoSender);
            return Directive.Stop;
        })));
        supervisor.Tell(new CreateChild(Props.Create(() => new SilentWatcher()), "silent"), TestActor);
        var silent = await ExpectMsgAsync<IActorRef>();
        var subject = Sys.ActorOf(Props.Create<EchoActor>());
        silent.Tell(subject, TestActor);
        await ExpectMsgAsync("watching");

        Sys.Stop(subject);

        var pact = await failures.ExpectMsgAsync<DeathPactException>();
        Assert.Equal(subject, pact.DeadActor);
    }

    [Fact]
    public async Task Terminated_arrives_after_the_messages_the_dead_actor_sent_before_dying()
    {
        var subject = Sys.ActorOf(Props.Create<EchoActor>());
        await WatchAsync(subject);
        for (var i = 0; i < 100; i++)
        {
            subject.Tell(i, TestActor);
        }

        subject.Tell(PoisonPill.Instance, TestActor);

        var messages = await ReceiveNAsync(101);
        Assert.Equal(Enumerable.Range(0, 100).Cast<object>(), messages.Take(100));
        Assert.IsType<Terminated>(messages[100]);
    }

    private sealed class Watcher : ReceiveActor
    {
        public Watcher(IActorRef probe)
        {
            Receive<IActorRef>(subject =>
            {
                Context.Watch(subject);
                probe.Tell("watching", Self);
            });
            Receive<Terminated>(t => probe.Tell(t, Self));
        }
    }

    private sealed class SilentWatcher : ReceiveActor
    {
        public SilentWatcher() => Receive<IActorRef>(subject =>
        {
            Context.Watch(subject);
            Sender.Tell("watching", Self);
        });
    }
}
