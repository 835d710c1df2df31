using RuntimeActors.Pipes;
using RuntimeActors.Sockets;

namespace RuntimeActors.Tests.Sockets;

/// <summary>The blocking waits of a socket's own queues: a thread blocked in TryReceive or TrySend, woken directly.</summary>
public sealed class BlockingWaitTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly Pipe _a = new("inproc://a", 10);
    private readonly Pipe _tcp = new("tcp://b", 10);

    [Fact]
    public void A_queue_with_a_message_is_readable_at_once()
    {
        var queue = new InboundQueue(10);
        queue.TryWrite(_tcp, ZMessage.FromStrings("m"), null);

        Assert.True(queue.WaitReadable(TimeSpan.Zero));
    }

    [Fact]
    public void An_empty_queue_is_not_readable_within_the_timeout()
    {
        var queue = new InboundQueue(10);

        Assert.False(queue.WaitReadable(TimeSpan.FromMilliseconds(20)));
    }

    [Fact]
    public async Task A_blocked_reader_is_woken_by_a_write_to_an_idle_lane()
    {
        var queue = new InboundQueue(10);
        var lane = queue.OpenLane(_a);

        var reader = Task.Factory.StartNew(
            () => queue.WaitReadable(Patience) && queue.TryRead(out var item) ? item.Message.GetString(0) : null,
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        await WaitUntilReaderWaitsAsync(queue);
        Assert.True(queue.TryWrite(lane, ZMessage.FromStrings("m"), null));

        Assert.Equal("m", await reader.WaitAsync(Patience));
    }

    [Fact]
    public async Task Completing_the_queue_releases_a_blocked_reader_and_fails_the_next_wait()
    {
        var queue = new InboundQueue(10);
        var reader = Task.Factory.StartNew(
            () => queue.WaitReadable(Timeout.InfiniteTimeSpan),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        await WaitUntilReaderWaitsAsync(queue);

        queue.Complete();

        // Released to look again, as after any wake: there is nothing, and the queue is done.
        Assert.True(await reader.WaitAsync(Patience));
        Assert.False(queue.TryRead(out _));
        Assert.Throws<InvalidOperationException>(() => queue.WaitReadable(Timeout.InfiniteTimeSpan));
    }

    [Fact]
    public void A_pulse_after_the_version_was_read_releases_a_blocking_wait_at_once()
    {
        var signal = new AsyncSignal();
        var seen = signal.Version;
        signal.Pulse();

        Assert.True(signal.WaitBlocking(seen, Patience));
    }

    [Fact]
    public void A_blocking_wait_with_no_pulse_times_out()
    {
        var signal = new AsyncSignal();

        Assert.False(signal.WaitBlocking(signal.Version, TimeSpan.FromMilliseconds(20)));
    }

    [Fact]
    public async Task A_pulse_from_another_thread_releases_a_blocked_wait()
    {
        var signal = new AsyncSignal();
        var seen = signal.Version;
        var waiting = Task.Factory.StartNew(
            () => signal.WaitBlocking(seen, Patience),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        signal.Pulse();

        Assert.True(await waiting.WaitAsync(Patience));
    }

    /// <summary>The reader has said it waits (a writer will wake it), whether or not it is blocked yet: either way the wake reaches it.</summary>
    private static async Task WaitUntilReaderWaitsAsync(InboundQueue queue)
    {
        using var deadline = new CancellationTokenSource(Patience);
        while (!queue.HasWaitingReader)
        {
            await Task.Yield();
            deadline.Token.ThrowIfCancellationRequested();
        }
    }
}
