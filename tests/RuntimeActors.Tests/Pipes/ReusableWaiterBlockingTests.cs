using RuntimeActors.Pipes;

namespace RuntimeActors.Tests.Pipes;

/// <summary>The reusable wait taken by a thread that blocks (blocking TrySend and TryReceive on a thread of the caller's own).</summary>
public sealed class ReusableWaiterBlockingTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public void A_wake_after_the_wait_began_releases_the_block()
    {
        var waiter = new ReusableWaiter();
        Assert.True(waiter.TryBeginBlocking());

        waiter.Wake(true);

        Assert.True(waiter.Block(Patience));
        Assert.False(waiter.IsBusy);
    }

    [Fact]
    public void A_block_whose_time_runs_out_returns_false_and_frees_the_wait()
    {
        var waiter = new ReusableWaiter();
        Assert.True(waiter.TryBeginBlocking());

        Assert.False(waiter.Block(TimeSpan.FromMilliseconds(20)));

        Assert.False(waiter.IsBusy);
        // Nothing of the expired wait reaches the next one.
        waiter.Wake(true);
        Assert.True(waiter.TryBeginBlocking());
        Assert.False(waiter.Block(TimeSpan.Zero));
    }

    [Fact]
    public async Task A_second_thread_is_refused_the_reusable_wait_while_one_holds_it()
    {
        var waiter = new ReusableWaiter();
        Assert.True(waiter.TryBeginBlocking());

        Assert.False(waiter.TryBeginBlocking());
        var shared = waiter.JoinShared();
        waiter.Wake(true);

        Assert.True(await shared.WaitAsync(Patience));
        Assert.True(waiter.Block(Patience));
    }

    [Fact]
    public async Task An_async_wait_after_a_blocking_one_is_completed_by_its_own_wake()
    {
        var waiter = new ReusableWaiter();
        Assert.True(waiter.TryBeginBlocking());
        waiter.Wake(true);
        Assert.True(waiter.Block(Patience));

        var waiting = waiter.WaitForResultAsync(CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);
        waiter.Wake(false);

        Assert.False(await waiting.WaitAsync(Patience));
    }

    [Fact]
    public async Task A_blocked_thread_is_woken_from_another_thread_and_allocates_nothing_once_warm()
    {
        var waiter = new ReusableWaiter();
        using var began = new ManualResetEventSlim();
        const int warm = 20;
        const int measured = 200;
        long allocated = -1;
        var blocked = new Thread(() =>
        {
            long before = 0;
            for (var i = 0; i < warm + measured; i++)
            {
                if (i == warm)
                {
                    before = GC.GetAllocatedBytesForCurrentThread();
                }

                waiter.TryBeginBlocking();
                began.Set();
                waiter.Block(Timeout.InfiniteTimeSpan);
            }

            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        });
        blocked.Start();

        await Task.Run(() =>
        {
            for (var i = 0; i < warm + measured; i++)
            {
                Assert.True(began.Wait(Patience), $"wait {i} did not begin");
                began.Reset();
                waiter.Wake(true);
            }
        });

        Assert.True(blocked.Join(Patience), "the blocked thread was not released");
        Assert.Equal(0, allocated);
    }

    [Fact]
    public async Task Wakes_racing_timeouts_leave_every_block_released_one_way_or_the_other()
    {
        // A wake may take the wait just as its time runs out: the block must then wait for that wake's event, and
        // the next block must not see it.
        var waiter = new ReusableWaiter();
        // Counted: a block that timed out may begin the next before the waker has seen the first.
        using var began = new SemaphoreSlim(0);
        var blocked = new Thread(() =>
        {
            for (var i = 0; i < 2000; i++)
            {
                waiter.TryBeginBlocking();
                began.Release();
                waiter.Block(TimeSpan.FromTicks(i % 50));
            }
        });
        blocked.Start();

        await Task.Run(() =>
        {
            for (var i = 0; i < 2000; i++)
            {
                Assert.True(began.Wait(Patience));
                waiter.Wake(true);
            }
        });

        Assert.True(blocked.Join(Patience), "a block was left waiting");
        Assert.False(waiter.IsBusy);
    }
}
