using RuntimeActors.TestKit;

namespace RuntimeActors.Actors.Tests;

public sealed class TerminationTests
{
    private static readonly TimeSpan Patience = TestKitSettings.Dilated(TimeSpan.FromSeconds(20));

    [Fact]
    public async Task A_system_with_thousands_of_live_actors_terminates_bottom_up()
    {
        var system = ActorSystem.Create("many");
        var stopped = 0;
        var order = new StopOrder();
        var roots = Enumerable.Range(0, 50)
            .Select(i => system.ActorOf(Props.Create(() => new Tree(depth: 2, fanOut: 10, order, () => Interlocked.Increment(ref stopped))), $"root{i}"))
            .ToList();
        const int expected = 50 * (1 + 10 + 100);
        foreach (var root in roots)
        {
            Assert.Equal(110, await root.Ask<int>("count", Patience));
        }

        await system.Terminate().WaitAsync(Patience);

        Assert.True(system.WhenTerminated.IsCompletedSuccessfully);
        Assert.Equal(expected, Volatile.Read(ref stopped));
        Assert.Empty(order.Violations);
    }

    [Fact]
    public async Task DisposeAsync_terminates_the_system()
    {
        var system = ActorSystem.Create("disposable");
        system.ActorOf(Props.Create<EchoActor>());

        await system.DisposeAsync();

        Assert.True(system.WhenTerminated.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task A_terminated_system_refuses_new_actors()
    {
        var system = ActorSystem.Create("closed");
        await system.Terminate().WaitAsync(Patience);

        var error = Assert.Throws<InvalidOperationException>(() => system.ActorOf(Props.Create<EchoActor>()));

        Assert.Contains("ractors://closed/user", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Terminate_is_idempotent()
    {
        var system = ActorSystem.Create("twice");

        var first = system.Terminate();
        var second = system.Terminate();
        await Task.WhenAll(first, second).WaitAsync(Patience);

        Assert.Same(first, second);
    }

    [Fact]
    public void Invalid_system_names_are_refused()
    {
        var error = Assert.Throws<ArgumentException>(() => ActorSystem.Create("no spaces"));

        Assert.Contains("no spaces", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Records any actor that stops while one of its children is still alive.</summary>
    private sealed class StopOrder
    {
        private readonly HashSet<string> _stopped = [];

        public List<string> Violations { get; } = [];

        public void Stopped(IActorRef actor, IEnumerable<IActorRef> children)
        {
            lock (_stopped)
            {
                Violations.AddRange(children.Where(c => !_stopped.Contains(c.Path.ToString())).Select(c => $"{actor.Path} before {c.Path}"));
                _stopped.Add(actor.Path.ToString());
            }
        }
    }

    private sealed class Tree : ReceiveActor
    {
        private readonly List<IActorRef> _children = [];
        private readonly StopOrder _order;
        private readonly Action _onStop;

        public Tree(int depth, int fanOut, StopOrder order, Action onStop)
        {
            _order = order;
            _onStop = onStop;
            for (var i = 0; depth > 0 && i < fanOut; i++)
            {
                _children.Add(Context.ActorOf(Props.Create(() => new Tree(depth - 1, fanOut, order, onStop)), $"n{i}"));
            }

            Receive<string>(_ => CountAsync().PipeTo(Sender));
        }

        protected override void PostStop()
        {
            _order.Stopped(Self, _children);
            _onStop();
        }

        private async Task<int> CountAsync()
        {
            var counts = await Task.WhenAll(_children.Select(c => c.Ask<int>("count", Patience)));
            return counts.Sum() + _children.Count;
        }
    }
}
