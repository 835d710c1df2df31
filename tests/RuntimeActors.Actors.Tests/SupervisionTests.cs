using RuntimeActors.TestKit;
using Xunit.Abstractions;

namespace RuntimeActors.Actors.Tests;

public sealed class SupervisionTests(ITestOutputHelper output) : TestKit.TestKit(output)
{
    private async Task<(IActorRef Supervisor, IActorRef Child)> StartChild(SupervisorStrategy strategy, TestProbe hooks, string name = "child")
    {
        var supervisor = Sys.ActorOf(Supervisor.Props(strategy, TestActor));
        supervisor.Tell(new CreateChild(LifecycleActor.Props(hooks.Ref), name), TestActor);
        var child = await ExpectMsgAsync<IActorRef>();
        await hooks.ExpectMsgAsync<Hook>(h => h.Name == "PreStart" && h.Actor.Equals(child));
        return (supervisor, child);
    }

    [Fact]
    public async Task Restart_makes_a_fresh_instance_and_keeps_the_mailbox()
    {
        var hooks = CreateTestProbe();
        var (_, child) = await StartChild(new OneForOneStrategy(_ => Directive.Restart), hooks);
        child.Tell("inc", TestActor);

        child.Tell(new Throw(new TestException("boom")), TestActor);
        child.Tell("queued-before-restart", TestActor);
        child.Tell("state", TestActor);

        var preRestart = await hooks.ExpectMsgAsync<Hook>(h => h.Name == "PreRestart");
        Assert.Equal("boom", preRestart.Reason!.Message);
        Assert.IsType<Throw>(preRestart.Message);
        Assert.Equal(1, preRestart.Instance);
        await hooks.ExpectMsgAsync<Hook>(h => h.Name == "PostStop" && h.Instance == 1);
        var postRestart = await hooks.ExpectMsgAsync<Hook>(h => h.Name == "PostRestart");
        Assert.Equal(2, postRestart.Instance);
        await hooks.ExpectMsgAsync<Hook>(h => h.Name == "PreStart" && h.Instance == 2);
        var kept = await hooks.ExpectMsgAsync<Got>();
        Assert.Equal(("queued-before-restart", 2), (kept.Message, kept.Instance));
        Assert.Equal(new State(2, 0), await ExpectMsgAsync<State>());
    }

    [Fact]
    public async Task Resume_keeps_the_instance_and_its_state()
    {
        var hooks = CreateTestProbe();
        var (_, child) = await StartChild(new OneForOneStrategy(_ => Directive.Resume), hooks);
        child.Tell("inc", TestActor);
        child.Tell("inc", TestActor);

        child.Tell(new Throw(new TestException("ignored")), TestActor);
        child.Tell("inc", TestActor);
        child.Tell("state", TestActor);

        Assert.Equal(new State(1, 3), await ExpectMsgAsync<State>());
        await hooks.ExpectNoMsgAsync();
    }

    [Fact]
    public async Task Stop_directive_stops_the_child_and_the_supervisor_sees_it_terminate()
    {
        var hooks = CreateTestProbe();
        var (_, child) = await StartChild(new OneForOneStrategy(_ => Directive.Stop), hooks);
        await WatchAsync(child);

        child.Tell(new Throw(new TestException("fatal")), TestActor);

        await hooks.ExpectMsgAsync<Hook>(h => h.Name == "PostStop");
        await ExpectTerminatedAsync(child);
    }

    [Fact]
    public async Task The_decider_chooses_by_exception_type()
    {
        var hooks = CreateTestProbe();
        var strategy = new OneForOneStrategy(e => e is TestException ? Directive.Resume : Directive.Restart);
        var (_, child) = await StartChild(strategy, hooks);
        child.Tell("inc", TestActor);

        child.Tell(new Throw(new TestException("resume me")), TestActor);
        child.Tell("state", TestActor);
        Assert.Equal(new State(1, 1), await ExpectMsgAsync<State>());

        child.Tell(new Throw(new OtherTestException("restart me")), TestActor);
        child.Tell("state", TestActor);
        Assert.Equal(new State(2, 0), await ExpectMsgAsync<State>());
    }

    [Fact]
    public async Task Escalate_reaches_the_strategy_of_the_supervisors_parent()
    {
        var hooks = CreateTestProbe();
        var decisions = CreateTestProbe();
        var top = Sys.ActorOf(Supervisor.Props(new OneForOneStrategy(e =>
        {
            decisions.Ref.Tell(e, ActorRefs.NoSender);
            return Directive.Restart;
        })));
        top.Tell(new CreateChild(Supervisor.Props(new OneForOneStrategy(_ => Directive.Escalate)), "middle"), TestActor);
        var middle = await ExpectMsgAsync<IActorRef>();
        middle.Tell(new CreateChild(LifecycleActor.Props(hooks.Ref), "leaf"), TestActor);
        var leaf = await ExpectMsgAsync<IActorRef>();
        await hooks.ExpectMsgAsync<Hook>(h => h.Name == "PreStart");

        var cause = new TestException("from the leaf");
        leaf.Tell(new Throw(cause), TestActor);

        Assert.Same(cause, await decisions.ExpectMsgAsync<TestException>());

        // Restarting the middle supervisor stops its children by default.
        await hooks.ExpectMsgAsync<Hook>(h => h.Name == "PostStop" && h.Actor.Equals(leaf));
    }

    [Fact]
    public async Task AllForOne_restarts_the_siblings_of_the_failed_child()
    {
        var hooks = CreateTestProbe();
        var supervisor = Sys.ActorOf(Supervisor.Props(new AllForOneStrategy(_ => Directive.Restart)));
        supervisor.Tell(new CreateChild(LifecycleActor.Props(hooks.Ref), "a"), TestActor);
        var a = await ExpectMsgAsync<IActorRef>();
        supervisor.Tell(new CreateChild(LifecycleActor.Props(hooks.Ref), "b"), TestActor);
        var b = await ExpectMsgAsync<IActorRef>();
        await hooks.ReceiveNAsync(2);
        b.Tell("inc", TestActor);

        a.Tell(new Throw(new TestException("a fails")), TestActor);

        var restarted = new HashSet<IActorRef>();
        while (restarted.Count < 2)
        {
            restarted.Add((await hooks.FishForMessageAsync<Hook>(h => h.Name == "PostRestart")).Actor);
        }

        Assert.Equal(new HashSet<IActorRef> { a, b }, restarted);
        b.Tell("state", TestActor);
        Assert.Equal(new State(2, 0), await ExpectMsgAsync<State>());
    }

    [Fact]
    public async Task AllForOne_stop_stops_every_child()
    {
        var hooks = CreateTestProbe();
        var supervisor = Sys.ActorOf(Supervisor.Props(new AllForOneStrategy(_ => Directive.Stop)));
        supervisor.Tell(new CreateChild(LifecycleActor.Props(hooks.Ref), "a"), TestActor);
        var a = await ExpectMsgAsync<IActorRef>();
        supervisor.Tell(new CreateChild(LifecycleActor.Props(hooks.Ref), "b"), TestActor);
        var b = await ExpectMsgAsync<IActorRef>();
        await WatchAsync(a);
        await WatchAsync(b);

        a.Tell(new Throw(new TestException("a fails")), TestActor);

        var terminated = await ReceiveNAsync(2);
        Assert.Equal(new HashSet<IActorRef> { a, b }, terminated.Cast<Terminated>().Select(t => t.ActorRef).ToHashSet());
    }

    [Fact]
    public async Task A_child_restarted_more_often_than_allowed_within_the_window_is_stopped()
    {
        var hooks = CreateTestProbe();
        var strategy = new OneForOneStrategy(maxNrOfRetries: 2, withinTimeRange: TimeSpan.FromMinutes(1), decider: _ => Directive.Restart);
        var (_, child) = await StartChild(strategy, hooks);
        await WatchAsync(child);

        for (var i = 0; i < 2; i++)
        {
            child.Tell(new Throw(new TestException($"failure {i}")), TestActor);
            await hooks.FishForMessageAsync<Hook>(h => h.Name == "PostRestart");
        }

        child.Tell(new Throw(new TestException("one too many")), TestActor);

        await ExpectTerminatedAsync(child);
    }

    [Fact]
    public void The_retry_count_starts_again_after_the_window()
    {
        var time = new ManualTimeProvider();
        var stats = new ChildRestartStats(ActorRefs.Nobody);
        var window = TimeSpan.FromSeconds(10);

        Assert.True(stats.RequestRestartPermission(2, window, time.GetTimestamp(), time.TimestampFrequency));
        Assert.True(stats.RequestRestartPermission(2, window, time.GetTimestamp(), time.TimestampFrequency));
        Assert.False(stats.RequestRestartPermission(2, window, time.GetTimestamp(), time.TimestampFrequency));
        time.Advance(TimeSpan.FromSeconds(11));
        Assert.True(stats.RequestRestartPermission(2, window, time.GetTimestamp(), time.TimestampFrequency));
    }

    [Fact]
    public async Task A_failing_constructor_stops_the_actor_with_an_initialization_error()
    {
        var failures = CreateTestProbe();
        var supervisor = Sys.ActorOf(Supervisor.Props(new OneForOneStrategy(e =>
        {
            failures.Ref.Tell(e, ActorRefs.NoSender);
            return SupervisorStrategy.DefaultDecider(e);
        })));
        supervisor.Tell(new CreateChild(Props.Create(() => new FailingConstructor()), "broken"), TestActor);
        var broken = await ExpectMsgAsync<IActorRef>();
        await WatchAsync(broken);

        var failure = await failures.ExpectMsgAsync<ActorInitializationException>();
        Assert.Contains("broken", failure.Message, StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(failure.InnerException);
        await ExpectTerminatedAsync(broken);
    }

    [Fact]
    public async Task Kill_makes_the_actor_fail_and_the_default_strategy_stop_it()
    {
        var actor = Sys.ActorOf(Props.Create<EchoActor>());
        await WatchAsync(actor);

        actor.Tell(Kill.Instance, TestActor);

        await ExpectTerminatedAsync(actor);
    }

    [Fact]
    public async Task The_default_strategy_restarts_a_top_level_actor_that_throws()
    {
        var hooks = CreateTestProbe();
        var actor = Sys.ActorOf(LifecycleActor.Props(hooks.Ref));
        await hooks.ExpectMsgAsync<Hook>(h => h.Name == "PreStart");

        actor.Tell(new Throw(new TestException("top-level")), TestActor);

        await hooks.FishForMessageAsync<Hook>(h => h.Name == "PostRestart");
        actor.Tell("state", TestActor);
        Assert.Equal(2, (await ExpectMsgAsync<State>()).Instance);
    }

    private sealed class FailingConstructor : ActorBase
    {
        public FailingConstructor() => throw new InvalidOperationException("cannot construct");

        protected override bool Receive(object message) => false;
    }
}
