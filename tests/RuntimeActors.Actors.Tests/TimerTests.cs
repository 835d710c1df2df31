using RuntimeActors.TestKit;
using Xunit.Abstractions;

namespace RuntimeActors.Actors.Tests;

public sealed class TimerTests(ITestOutputHelper output) : TestKit.TestKit(output)
{
    [Fact]
    public async Task A_single_timer_fires_once_after_its_delay()
    {
        var actor = Sys.ActorOf(Props.Create(() => new TimerActor(TestActor)));

        // .NET timers count on a millisecond tick, so the delay may end up to a tick early by the Stopwatch.
        await WithinAsync(TimeSpan.FromMilliseconds(95), TimeSpan.FromSeconds(3), async () =>
        {
            actor.Tell(new StartSingle("tick", TimeSpan.FromMilliseconds(100)), TestActor);
            await ExpectMsgAsync("tick");
        });

        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task A_periodic_timer_fires_until_cancelled()
    {
        var actor = Sys.ActorOf(Props.Create(() => new TimerActor(TestActor)));

        actor.Tell(new StartPeriodic("tick", TimeSpan.FromMilliseconds(20)), TestActor);
        await ExpectMsgAsync("tick");
        await ExpectMsgAsync("tick");
        await ExpectMsgAsync("tick");
        actor.Tell(new Cancel("tick"), TestActor);
        await FishForMessageAsync(m => "cancelled".Equals(m));

        // A tick already queued before the cancel is discarded by its generation check.
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task Restarting_a_timer_with_the_same_key_replaces_it()
    {
        var actor = Sys.ActorOf(Props.Create(() => new TimerActor(TestActor)));

        actor.Tell(new StartSingle("first", TimeSpan.FromMilliseconds(200), Key: "k"), TestActor);
        actor.Tell(new StartSingle("second", TimeSpan.FromMilliseconds(50), Key: "k"), TestActor);

        await ExpectMsgAsync("second");
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(400));
    }

    [Fact]
    public async Task Timers_are_cancelled_when_the_actor_restarts()
    {
        var actor = Sys.ActorOf(Props.Create(() => new TimerActor(TestActor)));
        actor.Tell(new StartPeriodic("tick", TimeSpan.FromMilliseconds(30)), TestActor);
        await ExpectMsgAsync("tick");

        actor.Tell(new Throw(new TestException("restart")), TestActor);
        await FishForMessageAsync(m => "restarted".Equals(m));

        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
        actor.Tell("active?", TestActor);
        Assert.False(await ExpectMsgAsync<bool>());
    }

    [Fact]
    public async Task Timers_are_cancelled_when_the_actor_stops()
    {
        var deadLetters = CreateTestProbe();
        Sys.EventStream.Subscribe<DeadLetter>(deadLetters.Ref);
        var actor = Sys.ActorOf(Props.Create(() => new TimerActor(TestActor)));
        actor.Tell(new StartPeriodic("tick", TimeSpan.FromMilliseconds(30)), TestActor);
        await ExpectMsgAsync("tick");
        await WatchAsync(actor);

        Sys.Stop(actor);
        await FishForMessageAsync(m => m is Terminated);

        // A stopped actor's live timer would keep producing dead letters.
        await deadLetters.ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task The_scheduler_tells_once_and_repeatedly_until_cancelled()
    {
        using var once = Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(50), TestActor, "once", null);
        await ExpectMsgAsync("once");

        var repeated = Sys.Scheduler.ScheduleTellRepeatedly(TimeSpan.Zero, TimeSpan.FromMilliseconds(20), TestActor, "again", null);
        await ExpectMsgAsync("again");
        await ExpectMsgAsync("again");
        repeated.Cancel();
        Assert.True(repeated.IsCancellationRequested);
        await ReceiveWhileAsync(m => "again".Equals(m) ? m : null, idle: TimeSpan.FromMilliseconds(100));
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public async Task A_cancelled_scheduled_tell_never_arrives()
    {
        var cancelled = Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromMilliseconds(100), TestActor, "never", null);
        cancelled.Cancel();

        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(300));
    }

    private sealed record StartSingle(string Message, TimeSpan Delay, string? Key = null);

    private sealed record StartPeriodic(string Message, TimeSpan Interval);

    private sealed record Cancel(string Key);

    private sealed class TimerActor : ReceiveActor
    {
        private readonly IActorRef _probe;

        public TimerActor(IActorRef probe)
        {
            _probe = probe;
            Receive<StartSingle>(s => Timers.StartSingleTimer(s.Key ?? s.Message, s.Message, s.Delay));
            Receive<StartPeriodic>(p => Timers.StartPeriodicTimer(p.Message, p.Message, p.Interval));
            Receive<Cancel>(c =>
            {
                Timers.Cancel(c.Key);
                _probe.Tell("cancelled", Self);
            });
            Receive<Throw>(t => throw t.Exception);
            Receive<string>(s => s == "active?", _ => Sender.Tell(Timers.IsTimerActive("tick"), Self));
            Receive<string>(s => probe.Tell(s, Self));
        }

        protected override void PostRestart(Exception reason) => _probe.Tell("restarted", Self);
    }
}
