using RuntimeActors.TestKit;
using Xunit.Abstractions;

namespace RuntimeActors.Actors.Tests;

public sealed class MailboxTests(ITestOutputHelper output) : TestKit.TestKit(output)
{
    [Fact]
    public async Task A_stop_overtakes_the_user_messages_already_queued()
    {
        using var gate = new ManualResetEventSlim();
        var actor = Sys.ActorOf(Props.Create(() => new GatedCounter(gate, TestActor)));
        actor.Tell("block", TestActor);
        await ExpectMsgAsync("blocked");
        for (var i = 0; i < 100; i++)
        {
            actor.Tell(i, TestActor);
        }

        Sys.Stop(actor);
        gate.Set();

        var processedAtStop = await ExpectMsgAsync<int>();
        Assert.Equal(0, processedAtStop);
    }

    [Theory]
    [InlineData(10, 10, int.MaxValue)]
    [InlineData(1000, 0, 2)]
    public async Task An_actor_yields_its_thread_after_throughput_messages(int throughput, int minTurns, int maxTurns)
    {
        using var gate = new ManualResetEventSlim();
        var actor = Sys.ActorOf(Props.Create(() => new GatedCounter(gate, TestActor)).WithThroughput(throughput));
        actor.Tell("block", TestActor);
        await ExpectMsgAsync("blocked");
        var turnsBefore = ((LocalActorRef)actor).Cell.Mailbox.TurnCount;
        for (var i = 0; i < 100; i++)
        {
            actor.Tell(i, TestActor);
        }

        actor.Tell("count", TestActor);
        gate.Set();

        Assert.Equal(100, await ExpectMsgAsync<int>());
        var turns = ((LocalActorRef)actor).Cell.Mailbox.TurnCount - turnsBefore;
        Assert.InRange(turns, minTurns, maxTurns);
    }

    [Fact]
    public async Task Messages_from_one_sender_arrive_in_the_order_sent()
    {
        var echo = Sys.ActorOf(Props.Create<EchoActor>());
        for (var i = 0; i < 1000; i++)
        {
            echo.Tell(i, TestActor);
        }

        var received = await ReceiveNAsync(1000);
        Assert.Equal(Enumerable.Range(0, 1000).Cast<object>(), received);
    }

    /// <summary>Blocks its first message on a gate so that a test can fill the mailbox behind it.</summary>
    private sealed class GatedCounter : ReceiveActor
    {
        private readonly IActorRef _probe;
        private int _count;

        public GatedCounter(ManualResetEventSlim gate, IActorRef probe)
        {
            _probe = probe;
            Receive<string>(s => s == "block", _ =>
            {
                probe.Tell("blocked", Self);
                gate.Wait(TestKitSettings.Dilated(TimeSpan.FromSeconds(10)));
            });
            Receive<int>(_ => _count++);
            Receive<string>(s => s == "count", _ => Sender.Tell(_count, Self));
        }

        protected override void PostStop() => _probe.Tell(_count, Self);
    }
}
