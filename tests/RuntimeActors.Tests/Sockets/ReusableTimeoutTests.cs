using RuntimeActors.Sockets;

namespace RuntimeActors.Tests.Sockets;

/// <summary>The token source behind RCVTIMEO and SNDTIMEO waits, kept from one wait to the next.</summary>
public sealed class ReusableTimeoutTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_limit_ends_after_its_timeout()
    {
        var timeouts = new ReusableTimeout();
        using var limit = timeouts.Start(TimeSpan.FromMilliseconds(20), CancellationToken.None);

        await WhenCancelled(limit.Token).WaitAsync(Timeout);
    }

    [Fact]
    public async Task The_callers_token_ends_the_limit()
    {
        var timeouts = new ReusableTimeout();
        using var cancellation = new CancellationTokenSource();
        using var limit = timeouts.Start(Timeout, cancellation.Token);
        Assert.False(limit.Token.IsCancellationRequested);

        await cancellation.CancelAsync();

        Assert.True(limit.Token.IsCancellationRequested);
    }

    [Fact]
    public async Task A_limit_after_one_that_ended_starts_afresh_and_still_ends()
    {
        var timeouts = new ReusableTimeout();
        using var cancellation = new CancellationTokenSource();
        using (var first = timeouts.Start(Timeout, cancellation.Token))
        {
            await cancellation.CancelAsync();
            Assert.True(first.Token.IsCancellationRequested);
        }

        using var second = timeouts.Start(TimeSpan.FromMilliseconds(20), CancellationToken.None);
        Assert.False(second.Token.IsCancellationRequested);
        await WhenCancelled(second.Token).WaitAsync(Timeout);
    }

    [Fact]
    public async Task A_limit_given_back_in_time_is_reused_without_allocating_and_its_old_timer_never_fires()
    {
        var timeouts = new ReusableTimeout();
        using var cancellation = new CancellationTokenSource();
        // Warm: the kept source, its timer and the caller's registration node are made once.
        timeouts.Start(TimeSpan.FromMilliseconds(30), cancellation.Token).Dispose();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            using var limit = timeouts.Start(TimeSpan.FromMilliseconds(30), cancellation.Token);
            if (limit.Token.IsCancellationRequested)
            {
                throw new InvalidOperationException("a limit started cancelled");
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        // Not a wait for an event but for its absence: a timer of the 1,000 limits above left running would have cancelled
        // the kept source, which this limit holds again, within 30 ms.
        using var next = timeouts.Start(Timeout, CancellationToken.None);
        await Task.Delay(100);
        Assert.False(next.Token.IsCancellationRequested);
    }

    [Fact]
    public async Task Two_limits_at_once_are_independent()
    {
        var timeouts = new ReusableTimeout();
        using var cancellation = new CancellationTokenSource();
        using var first = timeouts.Start(Timeout, cancellation.Token);
        using var second = timeouts.Start(Timeout, CancellationToken.None);

        await cancellation.CancelAsync();

        Assert.True(first.Token.IsCancellationRequested);
        Assert.False(second.Token.IsCancellationRequested);
    }

    private static Task WhenCancelled(CancellationToken token)
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        token.Register(cancelled.SetResult);
        return cancelled.Task;
    }
}
