using System.Diagnostics;
using RuntimeActors.TestKit;
using Xunit.Abstractions;

namespace RuntimeActors.Actors.Tests;

public sealed class BackoffSupervisorTests(ITestOutputHelper output) : TestKit.TestKit(output)
{
    [Theory]
    [InlineData(0, 100)]
    [InlineData(1, 200)]
    [InlineData(2, 400)]
    [InlineData(3, 800)]
    [InlineData(4, 1000)]
    [InlineData(40, 1000)]
    public void The_delay_doubles_from_the_minimum_up_to_the_maximum(int restartCount, int expectedMs)
    {
        var delay = BackoffDelay.Compute(restartCount, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), randomFactor: 0.5, random01: 0);

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), delay);
    }

    [Fact]
    public void The_random_factor_stretches_the_delay()
    {
        var delay = BackoffDelay.Compute(1, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), randomFactor: 0.5, random01: 0.5);

        Assert.Equal(TimeSpan.FromMilliseconds(250), delay);
    }

    [Fact]
    public async Task A_failing_child_is_recreated_after_growing_delays()
    {
        var lifecycle = CreateTestProbe();
        var options = new BackoffOptions(Props.Create(() => new Flaky(lifecycle.Ref)), "flaky", TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(1), 0)
        {
            Listener = TestActor,
            ResetAfter = TimeSpan.FromSeconds(30),
        };
        var supervisor = Sys.ActorOf(BackoffSupervisor.Props(options));
        var started = await FishForMessageAsync<BackoffSupervisor.ChildStarted>();
        await lifecycle.ExpectMsgAsync<Flaky.Started>();
        var delays = new List<TimeSpan>();
        var gaps = new List<TimeSpan>();

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            started.Child.Tell(new Throw(new TestException($"failure {attempt}")), TestActor);
            var scheduled = await FishForMessageAsync<BackoffSupervisor.RestartScheduled>();
            Assert.Equal(attempt, scheduled.Attempt);
            Assert.Equal($"failure {attempt}", scheduled.Cause!.Message);
            delays.Add(scheduled.Delay);
            started = await FishForMessageAsync<BackoffSupervisor.ChildStarted>();
            Assert.Equal(attempt, started.Attempt);
            var failedAt = (await lifecycle.ExpectMsgAsync<Flaky.Failing>()).Timestamp;
            var startedAt = (await lifecycle.ExpectMsgAsync<Flaky.Started>()).Timestamp;
            gaps.Add(Stopwatch.GetElapsedTime(failedAt, startedAt));
        }

        Assert.Equal([TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200)], delays);
        for (var i = 0; i < gaps.Count; i++)
        {
            // .NET timers count on a millisecond tick, so a delay may end up to a tick early by the Stopwatch.
            Assert.True(gaps[i] >= delays[i] - TimerGranularity, $"incarnation {i + 1} started {gaps[i].TotalMilliseconds} ms after the failure, before its delay of {delays[i].TotalMilliseconds} ms");
        }

        Assert.Equal(3, (await supervisor.Ask<BackoffSupervisor.RestartCount>(BackoffSupervisor.GetRestartCount.Instance)).Count);
    }

    [Fact]
    public async Task The_delay_resets_after_the_child_has_been_stable()
    {
        var options = new BackoffOptions(Props.Create(() => new Flaky(ActorRefs.Nobody)), "flaky", TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(1), 0)
        {
            Listener = TestActor,
            ResetAfter = TimeSpan.FromMilliseconds(200),
        };
        var supervisor = Sys.ActorOf(BackoffSupervisor.Props(options));
        var started = await FishForMessageAsync<BackoffSupervisor.ChildStarted>();
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            started.Child.Tell(new Throw(new TestException("unstable")), TestActor);
            started = await FishForMessageAsync<BackoffSupervisor.ChildStarted>();
        }

        Assert.Equal(2, (await supervisor.Ask<BackoffSupervisor.RestartCount>(BackoffSupervisor.GetRestartCount.Instance)).Count);

        await AwaitAssertAsync(
            () => Assert.Equal(0, supervisor.Ask<BackoffSupervisor.RestartCount>(BackoffSupervisor.GetRestartCount.Instance).GetAwaiter().GetResult().Count),
            TimeSpan.FromSeconds(3));
        started.Child.Tell(new Throw(new TestException("after a stable period")), TestActor);
        var scheduled = await FishForMessageAsync<BackoffSupervisor.RestartScheduled>();
        Assert.Equal(TimeSpan.FromMilliseconds(20), scheduled.Delay);
    }

    [Fact]
    public async Task With_manual_reset_only_a_reset_message_brings_the_delay_back_to_the_minimum()
    {
        var options = new BackoffOptions(Props.Create(() => new Flaky(ActorRefs.Nobody)), "flaky", TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1), 0)
        {
            Listener = TestActor,
            ResetAfter = Timeout.InfiniteTimeSpan,
        };
        var supervisor = Sys.ActorOf(BackoffSupervisor.Props(options));
        var started = await FishForMessageAsync<BackoffSupervisor.ChildStarted>();

        // Children that live long without failing are not "stable" by themselves: a connect attempt can take a while to fail.
        started.Child.Tell(new Throw(new TestException("slow failure")), TestActor);
        Assert.Equal(TimeSpan.FromMilliseconds(10), (await FishForMessageAsync<BackoffSupervisor.RestartScheduled>()).Delay);
        started = await FishForMessageAsync<BackoffSupervisor.ChildStarted>();
        await ExpectNoMsgAsync(TimeSpan.FromMilliseconds(100));
        started.Child.Tell(new Throw(new TestException("slow failure")), TestActor);
        Assert.Equal(TimeSpan.FromMilliseconds(20), (await FishForMessageAsync<BackoffSupervisor.RestartScheduled>()).Delay);
        started = await FishForMessageAsync<BackoffSupervisor.ChildStarted>();

        supervisor.Tell(BackoffSupervisor.Reset.Instance, TestActor);
        started.Child.Tell(new Throw(new TestException("after a success")), TestActor);
        Assert.Equal(TimeSpan.FromMilliseconds(10), (await FishForMessageAsync<BackoffSupervisor.RestartScheduled>()).Delay);
    }

    [Fact]
    public async Task A_permanent_failure_stops_the_supervisor_and_reports_the_cause()
    {
        var options = new BackoffOptions(Props.Create(() => new Flaky(ActorRefs.Nobody)), "flaky", TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(1), 0)
        {
            Listener = TestActor,
            Decider = e => e is OtherTestException ? Directive.Stop : Directive.Restart,
        };
        var supervisor = Sys.ActorOf(BackoffSupervisor.Props(options));
        await WatchAsync(supervisor);
        var started = await FishForMessageAsync<BackoffSupervisor.ChildStarted>();

        started.Child.Tell(new Throw(new OtherTestException("refused for good")), TestActor);

        var gaveUp = await FishForMessageAsync<BackoffSupervisor.GaveUp>();
        Assert.Equal("refused for good", gaveUp.Cause!.Message);
        await FishForMessageAsync<Terminated>(t => t.ActorRef.Equals(supervisor));
    }

    [Fact]
    public async Task The_supervisor_gives_up_after_the_maximum_number_of_retries()
    {
        var options = new BackoffOptions(Props.Create(() => new Flaky(ActorRefs.Nobody)), "flaky", TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50), 0)
        {
            Listener = TestActor,
            MaxRetries = 2,

            // Long enough that a slow machine never sees a child as stable, which would reset the count.
            ResetAfter = TimeSpan.FromMinutes(1),
        };
        var supervisor = Sys.ActorOf(BackoffSupervisor.Props(options));
        await WatchAsync(supervisor);

        for (var attempt = 0; attempt <= 2; attempt++)
        {
            var started = await FishForMessageAsync<BackoffSupervisor.ChildStarted>();
            started.Child.Tell(new Throw(new TestException("again")), TestActor);
        }

        await FishForMessageAsync<BackoffSupervisor.GaveUp>();
        await FishForMessageAsync<Terminated>(t => t.ActorRef.Equals(supervisor));
    }

    [Fact]
    public async Task In_OnStop_mode_a_child_that_stops_itself_is_recreated()
    {
        var options = new BackoffOptions(Props.Create(() => new Flaky(ActorRefs.Nobody)), "flaky", TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50), 0)
        {
            Listener = TestActor,
            Mode = BackoffMode.OnStop,
        };
        Sys.ActorOf(BackoffSupervisor.Props(options));
        var first = await FishForMessageAsync<BackoffSupervisor.ChildStarted>();

        first.Child.Tell(PoisonPill.Instance, TestActor);

        var second = await FishForMessageAsync<BackoffSupervisor.ChildStarted>();
        Assert.Equal(1, second.Attempt);
        Assert.NotEqual(first.Child, second.Child);
        Assert.Equal(first.Child.Path, second.Child.Path);
    }

    [Fact]
    public async Task Messages_to_the_supervisor_are_forwarded_to_the_child()
    {
        var options = new BackoffOptions(Props.Create(() => new Flaky(ActorRefs.Nobody)), "flaky", TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(50), 0);
        var supervisor = Sys.ActorOf(BackoffSupervisor.Props(options));

        supervisor.Tell("hello", TestActor);

        await ExpectMsgAsync("echo hello");
    }

    private static readonly TimeSpan TimerGranularity = TimeSpan.FromMilliseconds(5);

    /// <summary>Reports when each incarnation starts and when it fails, timed where it happens.</summary>
    private sealed class Flaky : ReceiveActor
    {
        private readonly IActorRef _lifecycle;

        public Flaky(IActorRef lifecycle)
        {
            _lifecycle = lifecycle;
            Receive<Throw>(t =>
            {
                lifecycle.Tell(new Failing(Stopwatch.GetTimestamp()), Self);
                throw t.Exception;
            });
            Receive<string>(s => Sender.Tell("echo " + s, Self));
        }

        protected override void PreStart() => _lifecycle.Tell(new Started(Stopwatch.GetTimestamp()), Self);

        public sealed record Started(long Timestamp);

        public sealed record Failing(long Timestamp);
    }
}
