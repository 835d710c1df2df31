using System.Diagnostics.CodeAnalysis;
using RuntimeActors.Pipes;

namespace RuntimeActors.Tests.Pipes;

/// <summary>A pipe's outbound queue as its engine waits on it: wakes by messages, by <see cref="MessageQueue.WakeReader"/>, by the end.</summary>
public sealed class MessageQueueWaitTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_waiting_reader_is_woken_by_a_write()
    {
        var queue = new MessageQueue(10);
        var waiting = queue.WaitToReadAsync(CancellationToken.None).AsTask();
        Assert.False(waiting.IsCompleted);

        Assert.True(queue.TryWrite(ZMessage.FromStrings("a")));

        Assert.True(await waiting.WaitAsync(Timeout));
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public async Task WakeReader_ends_a_pending_wait_with_nothing_queued()
    {
        var queue = new MessageQueue(10);
        var waiting = queue.WaitToReadAsync(CancellationToken.None).AsTask();

        queue.WakeReader();

        Assert.True(await waiting.WaitAsync(Timeout));
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public async Task WakeReader_while_nobody_waits_ends_the_next_wait_at_once_and_only_that_one()
    {
        // A PING made due while the engine was busy writing must not wait for the next message.
        var queue = new MessageQueue(10);
        queue.WakeReader();

        Assert.True(await queue.WaitToReadAsync(CancellationToken.None).AsTask().WaitAsync(Timeout));

        var next = queue.WaitToReadAsync(CancellationToken.None).AsTask();
        Assert.False(next.IsCompleted);
        queue.WakeReader();
        Assert.True(await next.WaitAsync(Timeout));
    }

    [Fact]
    public async Task Complete_ends_a_waiting_reader_with_false()
    {
        var queue = new MessageQueue(10);
        var waiting = queue.WaitToReadAsync(CancellationToken.None).AsTask();

        queue.Complete();

        Assert.False(await waiting.WaitAsync(Timeout));
        Assert.False(await queue.WaitToReadAsync(CancellationToken.None).AsTask().WaitAsync(Timeout));
    }

    [Fact]
    public async Task A_cancelled_wait_leaves_the_queue_waitable()
    {
        var queue = new MessageQueue(10);
        using var cancellation = new CancellationTokenSource();
        var waiting = queue.WaitToReadAsync(cancellation.Token).AsTask();

        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Timeout));

        var next = queue.WaitToReadAsync(CancellationToken.None).AsTask();
        Assert.False(next.IsCompleted);
        queue.TryWrite(ZMessage.FromStrings("a"));
        Assert.True(await next.WaitAsync(Timeout));
    }

    [Fact]
    public void Waiting_and_being_woken_by_a_write_allocates_nothing_once_warm()
    {
        var queue = new MessageQueue(10);
        var batch = new List<ZMessage>();
        var messages = Enumerable.Range(0, 1000).Select(i => ZMessage.FromStrings($"m{i}")).ToArray();
        using var cancellation = new CancellationTokenSource();
        Cycle(queue, batch, ZMessage.FromStrings("warm"), cancellation.Token);

        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var message in messages)
        {
            Cycle(queue, batch, message, cancellation.Token);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Same(messages[^1], batch[0]);

        [SuppressMessage("Reliability", "CA2012", Justification = "Consumed once, synchronously: an await would put the async machinery's own allocations in the figure.")]
        static void Cycle(MessageQueue queue, List<ZMessage> batch, ZMessage message, CancellationToken token)
        {
            var awaiter = queue.WaitToReadAsync(token).GetAwaiter();
            queue.TryWrite(message);
            if (!awaiter.IsCompleted || !awaiter.GetResult())
            {
                throw new InvalidOperationException("the write did not wake the reader");
            }

            batch.Clear();
            queue.ReadBatch(batch, 10);
        }
    }

    [Fact]
    public async Task A_reader_waiting_for_each_message_gets_every_one_a_writer_sends_from_another_thread()
    {
        const int Count = 20_000;
        var queue = new MessageQueue(0);
        var reading = Task.Run(async () =>
        {
            var batch = new List<ZMessage>();
            var read = 0;
            while (await queue.WaitToReadAsync(CancellationToken.None))
            {
                batch.Clear();
                read += queue.ReadBatch(batch, 16);
            }

            return read;
        });
        var writing = Task.Run(async () =>
        {
            for (var i = 0; i < Count; i++)
            {
                Assert.True(queue.TryWrite(ZMessage.FromStrings("m")));
                if (i % 64 == 0)
                {
                    // Lets the reader catch up and wait, so that both the waiting and the ready paths are taken.
                    await Task.Yield();
                }

                if (i % 1000 == 0)
                {
                    queue.WakeReader();
                }
            }

            queue.Complete();
        });

        await writing.WaitAsync(Timeout);
        Assert.Equal(Count, await reading.WaitAsync(Timeout));
    }
}
