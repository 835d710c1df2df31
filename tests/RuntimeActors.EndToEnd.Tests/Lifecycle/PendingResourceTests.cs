using Akka.Actor;
using RuntimeActors.Actors;
using Xunit.Abstractions;

namespace RuntimeActors.EndToEnd.Tests.Lifecycle;

/// <summary>Who closes what an operation gives: the actor that handled its message, or else, exactly once, the pending operation.</summary>
public sealed class PendingResourceTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(output: output)
{
    private static readonly TimeSpan Patience = SocketTestKit.Patience;

    [Fact]
    public void A_result_is_told_to_the_actor_and_left_open_for_it()
    {
        var resource = new Resource();
        _ = Start(Task.FromResult(resource));

        Assert.Same(resource, ExpectMsg<Resource>(Patience));
        Assert.Equal(0, resource.Disposals);
    }

    [Fact]
    public async Task A_result_that_comes_after_abandon_is_disposed_and_not_told()
    {
        var operation = new TaskCompletionSource<Resource>();
        var resource = new Resource();
        var pending = Start(operation.Task);

        pending.Abandon();
        operation.SetResult(resource);

        await resource.Disposed.Task.WaitAsync(Patience);
        Assert.Equal(1, resource.Disposals);
        ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public async Task A_result_told_but_never_handled_is_disposed_once_at_abandon()
    {
        var resource = new Resource();
        var pending = Start(Task.FromResult(resource));
        ExpectMsg<Resource>(Patience);

        pending.Abandon();
        pending.Abandon();

        await resource.Disposed.Task.WaitAsync(Patience);
        Assert.Equal(1, resource.Disposals);
    }

    [Fact]
    public void A_failure_is_told_and_abandoning_it_disposes_nothing()
    {
        var pending = Start(Task.FromException<Resource>(new InvalidOperationException("refused")));

        Assert.Equal("refused", ExpectMsg<InvalidOperationException>(Patience).Message);
        pending.Abandon();
    }

    private PendingResource<Resource> Start(Task<Resource> operation) =>
        PendingResource<Resource>.Start(
            new ValueTask<Resource>(operation),
            TestActor,
            success: static (resource, _) => resource,
            failure: static (cause, _) => cause,
            onDisposeFailed: static (_, e) => throw new InvalidOperationException("no disposal fails here", e));

    private sealed class Resource : IAsyncDisposable
    {
        private int _disposals;

        public TaskCompletionSource Disposed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Disposals => Volatile.Read(ref _disposals);

        public ValueTask DisposeAsync()
        {
            Interlocked.Increment(ref _disposals);
            Disposed.TrySetResult();
            return ValueTask.CompletedTask;
        }
    }
}
