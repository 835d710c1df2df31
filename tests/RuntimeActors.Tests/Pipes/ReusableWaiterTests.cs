using System.Diagnostics.CodeAnalysis;
using RuntimeActors.Pipes;

namespace RuntimeActors.Tests.Pipes;

/// <summary>The reusable wait behind the queues' waiting sides: wakes, cancellation, reuse, and more than one waiter.</summary>
public sealed class ReusableWaiterTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Wake_completes_the_pending_wait_with_its_result()
    {
        var waiter = new ReusableWaiter();
        var waiting = waiter.WaitForResultAsync(CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);

        waiter.Wake(false);

        Assert.False(await waiting.WaitAsync(Timeout));
        Assert.False(waiter.IsBusy);
    }

    [Fact]
    public async Task A_wake_with_no_wait_pending_is_not_kept_for_the_next_wait()
    {
        // Latching is the owner's business (it checks its condition under its lock before it waits).
        var waiter = new ReusableWaiter();
        waiter.Wake(true);

        var waiting = waiter.WaitAsync(CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);

        waiter.Wake(true);
        await waiting.WaitAsync(Timeout);
    }

    [Fact]
    public async Task The_same_waiter_serves_one_wait_after_another()
    {
        var waiter = new ReusableWaiter();
        for (var i = 0; i < 100; i++)
        {
            var waiting = waiter.WaitForResultAsync(CancellationToken.None).AsTask();
            // Woken from another thread, as a socket's sender wakes its peer's engine.
            var expected = i % 2 == 0;
            _ = Task.Run(() => waiter.Wake(expected));
            Assert.Equal(expected, await waiting.WaitAsync(Timeout));
        }

        Assert.False(waiter.IsBusy);
    }

    [Fact]
    public void A_wait_and_its_wake_allocate_nothing_once_warm_even_with_a_cancellable_token()
    {
        var waiter = new ReusableWaiter();
        using var cancellation = new CancellationTokenSource();
        // The first registration on a token source allocates its node; later ones reuse it.
        Cycle(waiter, cancellation.Token);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            Cycle(waiter, cancellation.Token);
            Cycle(waiter, CancellationToken.None);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        [SuppressMessage("Reliability", "CA2012", Justification = "Consumed once, synchronously: an await would put the async machinery's own allocations in the figure.")]
        static void Cycle(ReusableWaiter waiter, CancellationToken token)
        {
            var awaiter = waiter.WaitForResultAsync(token).GetAwaiter();
            if (awaiter.IsCompleted)
            {
                throw new InvalidOperationException("the wait completed before its wake");
            }

            waiter.Wake(true);
            if (!awaiter.IsCompleted || !awaiter.GetResult())
            {
                throw new InvalidOperationException("the wake did not complete the wait");
            }
        }
    }

    [Fact]
    public void Taking_the_result_of_a_pending_wait_fails_and_leaves_the_wait_to_its_wake()
    {
        var waiter = new ReusableWaiter();
        TakeTooEarly(waiter);

        [SuppressMessage("Reliability", "CA2012", Justification = "The misuse under test: the result of a wait taken before it completed.")]
        static void TakeTooEarly(ReusableWaiter waiter)
        {
            var awaiter = waiter.WaitForResultAsync(CancellationToken.None).GetAwaiter();

            Assert.Throws<InvalidOperationException>(() => awaiter.GetResult());
            Assert.True(waiter.IsBusy);

            // The wait is still the waiter's: the next wait shares a task, and one wake completes both.
            var second = waiter.WaitForResultAsync(CancellationToken.None).AsTask();
            waiter.Wake(true);
            Assert.True(awaiter.IsCompleted);
            Assert.True(awaiter.GetResult());
            Assert.True(second.IsCompletedSuccessfully);
            Assert.False(waiter.IsBusy);
        }
    }

    [Fact]
    public async Task Cancelling_the_token_fails_the_wait_and_the_next_wait_works()
    {
        var waiter = new ReusableWaiter();
        using var cancellation = new CancellationTokenSource();
        var waiting = waiter.WaitAsync(cancellation.Token).AsTask();

        await cancellation.CancelAsync();

        var failure = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Timeout));
        Assert.Equal(cancellation.Token, failure.CancellationToken);
        Assert.False(waiter.IsBusy);

        var next = waiter.WaitForResultAsync(CancellationToken.None).AsTask();
        Assert.False(next.IsCompleted);
        waiter.Wake(true);
        Assert.True(await next.WaitAsync(Timeout));
    }

    [Fact]
    public async Task A_token_cancelled_before_the_wait_fails_it_at_once_without_taking_the_waiter()
    {
        var waiter = new ReusableWaiter();
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        var waiting = waiter.WaitAsync(cancellation.Token).AsTask();

        Assert.True(waiting.IsCanceled);
        Assert.False(waiter.IsBusy);
    }

    [Fact]
    public async Task A_wake_that_wins_over_a_later_cancellation_completes_the_wait()
    {
        var waiter = new ReusableWaiter();
        using var cancellation = new CancellationTokenSource();
        var waiting = waiter.WaitForResultAsync(cancellation.Token).AsTask();

        waiter.Wake(true);
        await cancellation.CancelAsync();

        Assert.True(await waiting.WaitAsync(Timeout));
    }

    [Fact]
    public async Task A_second_wait_while_one_is_pending_is_woken_by_the_same_wake()
    {
        var waiter = new ReusableWaiter();
        var first = waiter.WaitForResultAsync(CancellationToken.None).AsTask();
        var second = waiter.WaitForResultAsync(CancellationToken.None).AsTask();
        Assert.False(second.IsCompleted);

        waiter.Wake(true);

        Assert.True(await first.WaitAsync(Timeout));
        Assert.True(await second.WaitAsync(Timeout));

        // Both are over: the next wait is pending until the next wake.
        var third = waiter.WaitAsync(CancellationToken.None).AsTask();
        Assert.False(third.IsCompleted);
        waiter.Wake(true);
        await third.WaitAsync(Timeout);
    }

    [Fact]
    public async Task A_second_wait_is_cancelled_by_its_own_token_alone()
    {
        var waiter = new ReusableWaiter();
        using var cancellation = new CancellationTokenSource();
        var first = waiter.WaitAsync(CancellationToken.None).AsTask();
        var second = waiter.WaitAsync(cancellation.Token).AsTask();

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second.WaitAsync(Timeout));
        Assert.False(first.IsCompleted);
        waiter.Wake(true);
        await first.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Wakes_racing_cancellations_complete_every_wait_one_way_or_the_other()
    {
        var waiter = new ReusableWaiter();
        for (var i = 0; i < 2000; i++)
        {
            using var cancellation = new CancellationTokenSource();
            var waiting = waiter.WaitForResultAsync(cancellation.Token).AsTask();
            var waking = Task.Run(() => waiter.Wake(true));
            var cancelling = Task.Run(cancellation.Cancel);
            await Task.WhenAll(waking, cancelling).WaitAsync(Timeout);

            try
            {
                Assert.True(await waiting.WaitAsync(Timeout));
            }
            catch (OperationCanceledException e)
            {
                Assert.Equal(cancellation.Token, e.CancellationToken);
            }

            Assert.False(waiter.IsBusy);
        }
    }
}
