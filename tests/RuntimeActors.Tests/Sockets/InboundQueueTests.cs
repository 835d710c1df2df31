using System.Buffers.Binary;
using RuntimeActors.Pipes;
using RuntimeActors.Sockets;

namespace RuntimeActors.Tests.Sockets;

public sealed class InboundQueueTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly Pipe _a = new("test://a", 1000);
    private readonly Pipe _b = new("test://b", 1000);

    [Fact]
    public void A_negative_capacity_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new InboundQueue(-1));
    }

    [Fact]
    public void Messages_come_out_in_write_order_across_batches_and_pipes_with_their_pipe()
    {
        var queue = new InboundQueue(100);
        var first = Batch("a0", "a1", "a2");
        var second = Batch("b0");
        var third = Batch("a3", "a4");
        var fourth = Batch("b1", "b2");

        Assert.Equal(3, queue.TryWrite(_a, first, 0, null));
        Assert.Equal(1, queue.TryWrite(_b, second, 0, null));
        // The reader takes everything queued so far into its own buffer and hands out the first.
        Assert.True(queue.TryRead(out var head));
        // These arrive while the reader still holds a0..b0: they must come after them.
        Assert.Equal(2, queue.TryWrite(_a, third, 0, null));
        Assert.Equal(2, queue.TryWrite(_b, fourth, 0, null));

        var read = new List<InboundMessage> { head };
        read.AddRange(DrainAll(queue));

        var expected = new (Pipe Pipe, ZMessage Message)[]
        {
            (_a, first[0]), (_a, first[1]), (_a, first[2]), (_b, second[0]), (_a, third[0]), (_a, third[1]), (_b, fourth[0]), (_b, fourth[1]),
        };
        Assert.Equal(expected.Length, read.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Same(expected[i].Message, read[i].Message);
            Assert.Same(expected[i].Pipe, read[i].Pipe);
        }
    }

    [Fact]
    public void TryWrite_starts_at_the_given_index()
    {
        var queue = new InboundQueue(100);

        Assert.Equal(4, queue.TryWrite(_a, Batch("m0", "m1", "m2", "m3"), 2, null));
        Assert.Equal(3, queue.TryWrite(_a, Batch("n0", "n1", "n2"), 3, null));

        Assert.Equal(["m2", "m3"], DrainStrings(queue));
    }

    [Fact]
    public void TryWrite_takes_at_most_the_capacity_and_returns_the_first_message_not_taken()
    {
        var queue = new InboundQueue(3);
        var batch = Batch("m0", "m1", "m2", "m3", "m4");

        Assert.Equal(3, queue.TryWrite(_a, batch, 0, null));
        // Full: nothing more goes in, from this pipe or another.
        Assert.Equal(3, queue.TryWrite(_a, batch, 3, null));
        Assert.Equal(0, queue.TryWrite(_b, Batch("b0"), 0, null));

        Assert.Equal(["m0", "m1", "m2"], DrainStrings(queue));

        // Drained: the rest of the batch goes in from where it stopped.
        Assert.Equal(5, queue.TryWrite(_a, batch, 3, null));
        Assert.Equal(["m3", "m4"], DrainStrings(queue));
    }

    [Fact]
    public void Messages_the_filter_rejects_are_dropped_without_counting_against_the_capacity()
    {
        var queue = new InboundQueue(2);
        var batch = Batch("x0", "x1", "k2", "x3", "x4", "x5", "k6");

        Assert.Equal(7, queue.TryWrite(_a, batch, 0, AcceptsK));

        Assert.Equal(["k2", "k6"], DrainStrings(queue));
    }

    [Fact]
    public void A_filtered_batch_stops_at_the_first_accepted_message_that_finds_no_room()
    {
        var queue = new InboundQueue(2);
        var batch = Batch("x0", "k1", "x2", "k3", "k4", "x5");

        // k1 and k3 fill the queue; k4 (index 4) is the first message not taken.
        Assert.Equal(4, queue.TryWrite(_a, batch, 0, AcceptsK));
        Assert.Equal(["k1", "k3"], DrainStrings(queue));

        Assert.Equal(6, queue.TryWrite(_a, batch, 4, AcceptsK));
        Assert.Equal(["k4"], DrainStrings(queue));
    }

    [Fact]
    public async Task Capacity_zero_is_unlimited()
    {
        const int count = 50_000;
        var queue = new InboundQueue(0);
        var batch = Numbered(0, count);

        Assert.Equal(count, queue.TryWrite(_a, batch, 0, null));
        Assert.Equal(1, queue.TryWrite(_b, Batch("one more"), 0, null));
        Assert.True(queue.WaitWritableAsync(CancellationToken.None).AsTask().IsCompleted);

        for (var i = 0; i < count; i++)
        {
            var item = await queue.ReadAsync(CancellationToken.None).AsTask().WaitAsync(Timeout);
            Assert.Same(batch[i], item.Message);
        }

        Assert.Equal(["one more"], DrainStrings(queue));
    }

    [Fact]
    public async Task A_waiting_ReadAsync_completes_when_a_message_is_written()
    {
        var queue = new InboundQueue(10);
        var reading = queue.ReadAsync(CancellationToken.None).AsTask();
        Assert.False(reading.IsCompleted);

        var batch = Batch("hello");
        Assert.Equal(1, queue.TryWrite(_b, batch, 0, null));

        var item = await reading.WaitAsync(Timeout);
        Assert.Same(batch[0], item.Message);
        Assert.Same(_b, item.Pipe);
    }

    [Fact]
    public async Task A_waiting_ReadAsync_completes_on_WriteUnbounded()
    {
        var queue = new InboundQueue(10);
        var reading = queue.ReadAsync(CancellationToken.None).AsTask();
        Assert.False(reading.IsCompleted);

        var message = ZMessage.FromStrings("report");
        queue.WriteUnbounded(new InboundMessage(_a, message));

        var item = await reading.WaitAsync(Timeout);
        Assert.Same(message, item.Message);
        Assert.Same(_a, item.Pipe);
    }

    [Fact]
    public async Task A_waiting_ReadAsync_is_cancelled_by_its_token_and_the_queue_still_works()
    {
        var queue = new InboundQueue(10);
        using var cancellation = new CancellationTokenSource();
        var reading = queue.ReadAsync(cancellation.Token).AsTask();
        Assert.False(reading.IsCompleted);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading.WaitAsync(Timeout));
        Assert.Equal(1, queue.TryWrite(_a, Batch("after"), 0, null));
        var item = await queue.ReadAsync(CancellationToken.None).AsTask().WaitAsync(Timeout);
        Assert.Equal("after", item.Message.GetString(0));
    }

    [Fact]
    public async Task Two_readers_waiting_at_once_each_get_a_message()
    {
        // The reader's reused wait serves one reader; a second one waits on a shared task and must be woken too.
        var queue = new InboundQueue(10);
        var first = queue.ReadAsync(CancellationToken.None).AsTask();
        var second = queue.ReadAsync(CancellationToken.None).AsTask();
        Assert.False(first.IsCompleted || second.IsCompleted);

        Assert.Equal(1, queue.TryWrite(_a, Batch("m0"), 0, null));
        Assert.Equal(1, queue.TryWrite(_a, Batch("m1"), 0, null));

        var read = await Task.WhenAll(first, second).WaitAsync(Timeout);
        Assert.Equal(["m0", "m1"], read.Select(item => item.Message.GetString(0)).Order());
    }

    [Fact]
    public async Task A_reader_waits_again_after_a_cancelled_wait_and_a_second_reader_came_meanwhile()
    {
        var queue = new InboundQueue(10);
        using var cancellation = new CancellationTokenSource();
        var cancelled = queue.ReadAsync(cancellation.Token).AsTask();
        var waiting = queue.ReadAsync(CancellationToken.None).AsTask();
        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Timeout));

        var next = queue.ReadAsync(CancellationToken.None).AsTask();
        Assert.Equal(1, queue.TryWrite(_a, Batch("m0"), 0, null));
        Assert.Equal(1, queue.TryWrite(_a, Batch("m1"), 0, null));

        var read = await Task.WhenAll(waiting, next).WaitAsync(Timeout);
        Assert.Equal(["m0", "m1"], read.Select(item => item.Message.GetString(0)).Order());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(10)]
    public async Task A_writer_waiting_on_a_full_queue_is_woken_when_the_reader_brings_it_down_to_half(int capacity)
    {
        var queue = new InboundQueue(capacity);
        Assert.Equal(capacity, queue.TryWrite(_a, Numbered(0, capacity), 0, null));
        var more = Numbered(capacity, capacity);
        Assert.Equal(0, queue.TryWrite(_a, more, 0, null));

        var writable = queue.WaitWritableAsync(CancellationToken.None).AsTask();
        Assert.False(writable.IsCompleted);

        var lowWater = capacity / 2;
        var next = 0;
        for (var left = capacity - 1; left > lowWater; left--)
        {
            Assert.Equal(next++, Number((await ReadAsync(queue)).Message));
            Assert.False(writable.IsCompleted, $"the writer was woken with {left} of {capacity} messages queued");
        }

        Assert.Equal(next++, Number((await ReadAsync(queue)).Message));
        await writable.WaitAsync(Timeout);

        // Exactly the room that was made goes in.
        Assert.Equal(capacity - lowWater, queue.TryWrite(_a, more, 0, null));
        Assert.Equal(Enumerable.Range(next, capacity - next + (capacity - lowWater)), DrainAll(queue).Select(item => Number(item.Message)));
    }

    [Fact]
    public async Task A_waiting_writer_is_not_woken_while_another_pipes_messages_keep_the_queue_above_half()
    {
        // Capacity 4, low-water mark 2. The reader takes a0..a3 into its own buffer; b0 is queued behind them.
        var queue = new InboundQueue(4);
        Assert.Equal(4, queue.TryWrite(_a, Batch("a0", "a1", "a2", "a3"), 0, null));
        Assert.True(queue.TryRead(out _));
        Assert.Equal(1, queue.TryWrite(_b, Batch("b0"), 0, null));
        Assert.Equal(0, queue.TryWrite(_a, Batch("a4"), 0, null));

        var writable = queue.WaitWritableAsync(CancellationToken.None).AsTask();
        Assert.False(writable.IsCompleted);

        // a1 out: a2, a3 and b0 are still queued, three of four, above the low-water mark.
        Assert.True(queue.TryRead(out var item));
        Assert.Equal("a1", item.Message.GetString(0));
        Assert.False(writable.IsCompleted, "the writer was woken with 3 of 4 messages queued");

        // a2 out: a3 and b0 left, the low-water mark.
        Assert.True(queue.TryRead(out item));
        Assert.Equal("a2", item.Message.GetString(0));
        await writable.WaitAsync(Timeout);
    }

    [Fact]
    public void WaitWritableAsync_completes_at_once_when_the_queue_has_room()
    {
        var queue = new InboundQueue(3);
        Assert.True(queue.WaitWritableAsync(CancellationToken.None).AsTask().IsCompleted);

        Assert.Equal(2, queue.TryWrite(_a, Batch("m0", "m1"), 0, null));
        Assert.True(queue.WaitWritableAsync(CancellationToken.None).AsTask().IsCompleted);

        Assert.Equal(1, queue.TryWrite(_a, Batch("m2"), 0, null));
        var writable = queue.WaitWritableAsync(CancellationToken.None).AsTask();
        Assert.False(writable.IsCompleted);

        // A full queue with one message taken (capacity 3, low-water mark 1): a new wait finds room at once.
        Assert.True(queue.TryRead(out _));
        Assert.False(writable.IsCompleted);
        Assert.True(queue.WaitWritableAsync(CancellationToken.None).AsTask().IsCompleted);
    }

    [Fact]
    public async Task A_waiting_writer_is_cancelled_by_its_token()
    {
        var queue = new InboundQueue(1);
        Assert.Equal(1, queue.TryWrite(_a, Batch("m0"), 0, null));
        using var cancellation = new CancellationTokenSource();
        var writable = queue.WaitWritableAsync(cancellation.Token).AsTask();
        Assert.False(writable.IsCompleted);

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => writable.WaitAsync(Timeout));
    }

    [Fact]
    public void WriteUnbounded_ignores_the_high_water_mark()
    {
        var queue = new InboundQueue(2);
        Assert.Equal(2, queue.TryWrite(_a, Batch("m0", "m1"), 0, null));

        var first = ZMessage.FromStrings("sub1");
        var second = ZMessage.FromStrings("sub2");
        queue.WriteUnbounded(new InboundMessage(_b, first));
        queue.WriteUnbounded(new InboundMessage(_b, second));

        // Still full (over full): TryWrite takes nothing and a writer must wait.
        Assert.Equal(0, queue.TryWrite(_a, Batch("m2"), 0, null));
        Assert.False(queue.WaitWritableAsync(CancellationToken.None).AsTask().IsCompleted);

        var read = DrainAll(queue);
        Assert.Equal(["m0", "m1", "sub1", "sub2"], read.Select(item => item.Message.GetString(0)));
        Assert.Same(first, read[2].Message);
        Assert.Same(_b, read[2].Pipe);
        Assert.Same(second, read[3].Message);
    }

    [Fact]
    public async Task Complete_fails_a_waiting_ReadAsync()
    {
        var queue = new InboundQueue(10);
        var reading = queue.ReadAsync(CancellationToken.None).AsTask();
        Assert.False(reading.IsCompleted);

        queue.Complete();

        await Assert.ThrowsAsync<InvalidOperationException>(() => reading.WaitAsync(Timeout));
    }

    [Fact]
    public async Task After_Complete_the_reader_drains_what_was_queued_and_then_fails()
    {
        var queue = new InboundQueue(10);
        Assert.Equal(3, queue.TryWrite(_a, Batch("m0", "m1", "m2"), 0, null));
        Assert.True(queue.TryRead(out var first));
        Assert.Equal(1, queue.TryWrite(_b, Batch("b0"), 0, null));

        queue.Complete();

        Assert.Equal("m0", first.Message.GetString(0));
        Assert.Equal("m1", (await ReadAsync(queue)).Message.GetString(0));
        Assert.Equal("m2", (await ReadAsync(queue)).Message.GetString(0));
        var last = await ReadAsync(queue);
        Assert.Equal("b0", last.Message.GetString(0));
        Assert.Same(_b, last.Pipe);

        Assert.False(queue.TryRead(out _));
        await Assert.ThrowsAsync<InvalidOperationException>(() => queue.ReadAsync(CancellationToken.None).AsTask().WaitAsync(Timeout));
        await Assert.ThrowsAsync<InvalidOperationException>(() => queue.ReadAsync(CancellationToken.None).AsTask().WaitAsync(Timeout));
    }

    [Fact]
    public async Task After_Complete_writes_are_dropped()
    {
        var queue = new InboundQueue(2);
        queue.Complete();

        Assert.Equal(3, queue.TryWrite(_a, Batch("m0", "m1", "m2"), 0, null));
        Assert.Equal(3, queue.TryWrite(_a, Batch("m0", "m1", "m2"), 1, null));
        Assert.Equal(1, queue.TryWrite(_a, Batch("k0"), 0, AcceptsK));
        queue.WriteUnbounded(new InboundMessage(_b, ZMessage.FromStrings("sub")));

        Assert.False(queue.TryRead(out _));
        await Assert.ThrowsAsync<InvalidOperationException>(() => queue.ReadAsync(CancellationToken.None).AsTask().WaitAsync(Timeout));
    }

    [Fact]
    public async Task Complete_releases_a_waiting_writer_and_later_waits_return_at_once()
    {
        var queue = new InboundQueue(1);
        Assert.Equal(1, queue.TryWrite(_a, Batch("m0"), 0, null));
        var writable = queue.WaitWritableAsync(CancellationToken.None).AsTask();
        Assert.False(writable.IsCompleted);

        queue.Complete();

        await writable.WaitAsync(Timeout);
        Assert.True(queue.WaitWritableAsync(CancellationToken.None).AsTask().IsCompleted);
        // The writer's retry then ends its batch: the messages are dropped.
        Assert.Equal(1, queue.TryWrite(_a, Batch("m1"), 0, null));
        Assert.Equal(["m0"], DrainStrings(queue));
    }

    [Fact]
    public void Messages_taken_by_the_reader_but_not_yet_handed_out_count_against_the_capacity()
    {
        const int capacity = 4;
        var queue = new InboundQueue(capacity);
        Assert.Equal(capacity, queue.TryWrite(_a, Batch("m0", "m1", "m2", "m3"), 0, null));

        // The reader moves all four into its own buffer and hands out m0: m1..m3 still count.
        Assert.True(queue.TryRead(out var first));
        Assert.Equal("m0", first.Message.GetString(0));

        Assert.Equal(1, queue.TryWrite(_b, Batch("b0", "b1"), 0, null));
        Assert.Equal(0, queue.TryWrite(_b, Batch("b1"), 0, null));

        Assert.Equal(["m1", "m2", "m3", "b0"], DrainStrings(queue));
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(2)]
    public async Task One_writer_and_one_reader_move_every_message_exactly_once_in_order(int capacity)
    {
        const int total = 100_000;
        var queue = new InboundQueue(capacity);
        var pipes = new[] { _a, _b };

        var writing = Task.Run(async () =>
        {
            var random = new Random(capacity);
            var sent = 0;
            var batchIndex = 0;
            var stoppedShort = 0;
            while (sent < total)
            {
                var size = Math.Min(total - sent, random.Next(1, 700));
                var batch = Numbered(sent, size);
                var pipe = pipes[batchIndex++ % 2];
                var next = 0;
                while (true)
                {
                    next = queue.TryWrite(pipe, batch, next, null);
                    if (next == batch.Count)
                    {
                        break;
                    }

                    stoppedShort++;
                    await queue.WaitWritableAsync(CancellationToken.None);
                }

                sent += size;
            }

            return stoppedShort;
        });

        var reading = Task.Run(async () =>
        {
            // The same seed as the writer's: the reader knows where each batch, and so each pipe, changes.
            var sizes = new Random(capacity);
            var expected = 0;
            var batchIndex = 0;
            var leftInBatch = 0;
            for (var i = 0; i < total; i++)
            {
                if (leftInBatch == 0)
                {
                    leftInBatch = Math.Min(total - i, sizes.Next(1, 700));
                    batchIndex++;
                }

                var item = await queue.ReadAsync(CancellationToken.None);
                var number = Number(item.Message);
                if (number != expected)
                {
                    Assert.Fail($"message {number} arrived where {expected} was expected");
                }

                if (!ReferenceEquals(item.Pipe, pipes[(batchIndex - 1) % 2]))
                {
                    Assert.Fail($"message {number} arrived with {item.Pipe}");
                }

                expected++;
                leftInBatch--;
            }
        });

        await Task.WhenAll(writing, reading).WaitAsync(TimeSpan.FromSeconds(60));
        // Nothing beyond the last message: every one arrived exactly once.
        Assert.False(queue.TryRead(out _));
        if (capacity < 700)
        {
            // Batches run up to 699 messages: with a smaller capacity the writer must have met a full queue.
            Assert.True(await writing > 0, "the writer never found the queue full");
        }
    }

    private static bool AcceptsK(ZMessage message) => message.GetString(0).StartsWith('k');

    private static List<ZMessage> Batch(params string[] names) => names.Select(name => ZMessage.FromStrings(name)).ToList();

    private static ZMessage NumberedMessage(int number)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, number);
        return ZMessage.FromFrames(bytes);
    }

    private static List<ZMessage> Numbered(int first, int count) => Enumerable.Range(first, count).Select(NumberedMessage).ToList();

    private static int Number(ZMessage message) => BinaryPrimitives.ReadInt32LittleEndian(message[0].Span);

    private static Task<InboundMessage> ReadAsync(InboundQueue queue) => queue.ReadAsync(CancellationToken.None).AsTask().WaitAsync(Timeout);

    private static List<InboundMessage> DrainAll(InboundQueue queue)
    {
        var items = new List<InboundMessage>();
        while (queue.TryRead(out var item))
        {
            items.Add(item);
        }

        return items;
    }

    private static List<string> DrainStrings(InboundQueue queue) => DrainAll(queue).Select(item => item.Message.GetString(0)).ToList();
}
