using System.Runtime.CompilerServices;
using RuntimeActors.Pipes;

namespace RuntimeActors.Tests.Pipes;

/// <summary>The single-writer, single-reader lane of an inproc pipe into a socket.</summary>
public sealed class InboundLaneTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly Pipe _pipe = new("inproc://lane", 10);

    [Fact]
    public void Messages_come_out_in_order_across_chunks()
    {
        var lane = new InboundLane(_pipe, 0);
        for (var i = 0; i < 1000; i++)
        {
            Assert.True(lane.TryWrite(Numbered(i)));
        }

        Assert.Equal(Enumerable.Range(0, 1000), Drain(lane));
        Assert.False(lane.TryRead(out _));
    }

    [Fact]
    public void The_high_water_mark_bounds_what_is_unread()
    {
        var lane = new InboundLane(_pipe, 3);
        Assert.True(lane.TryWrite(Numbered(0)));
        Assert.True(lane.TryWrite(Numbered(1)));
        Assert.True(lane.TryWrite(Numbered(2)));
        Assert.False(lane.TryWrite(Numbered(3)));

        Assert.True(lane.TryRead(out var first));
        Assert.Equal(0, Number(first));
        Assert.True(lane.TryWrite(Numbered(3)));
        Assert.False(lane.TryWrite(Numbered(4)));
        Assert.Equal([1, 2, 3], Drain(lane));
    }

    [Fact]
    public void A_reused_chunk_carries_nothing_from_its_first_round()
    {
        // Capacity below a chunk, so the writer keeps moving on to the chunks the reader hands back.
        var lane = new InboundLane(_pipe, 100);
        for (var round = 0; round < 20; round++)
        {
            for (var i = 0; i < 100; i++)
            {
                Assert.True(lane.TryWrite(Numbered((round * 100) + i)));
            }

            Assert.Equal(Enumerable.Range(round * 100, 100), Drain(lane));
        }
    }

    [Fact]
    public void A_reader_stopped_at_the_end_of_a_chunk_goes_on_to_the_chunk_that_follows_it()
    {
        // Regression: the reader moves to the next chunk only when it reads that chunk's first slot. The writer took a
        // reader stopped at the end of a chunk for one that had left it, filled that chunk again, then put a new chunk
        // after it; the reader went on to the new chunk and skipped a chunk's worth of messages, reading empty slots (on
        // the bench's inproc row under load, hundreds of thousands of messages lost).
        var lane = new InboundLane(_pipe, 0);
        for (var i = 0; i < 256; i++)
        {
            lane.TryWrite(Numbered(i));
        }

        Assert.Equal(Enumerable.Range(0, 256), Drain(lane));
        for (var i = 256; i < 768; i++)
        {
            Assert.True(lane.TryWrite(Numbered(i)));
        }

        Assert.Equal(Enumerable.Range(256, 512), Drain(lane));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(300, 2)]
    [InlineData(2000, 3)]
    public void Any_interleaving_of_writes_and_reads_keeps_every_message_once_in_order(int capacity, int seed)
    {
        // Random runs of writes and reads, stopping anywhere in a chunk and at its ends, growing and reusing the ring:
        // the reader must see exactly what was written, in order (the chunk-boundary bug of 296863d skipped a chunk).
        var random = new Random(seed);
        var lane = new InboundLane(_pipe, capacity);
        var written = 0;
        var read = 0;
        for (var step = 0; step < 4_000; step++)
        {
            var writes = random.Next(4) == 0 ? 256 - (written % 256) : random.Next(1, 600);
            for (var i = 0; i < writes && lane.TryWrite(Numbered(written)); i++)
            {
                written++;
            }

            var reads = random.Next(3) == 0 ? 256 - (read % 256) : random.Next(1, 600);
            for (var i = 0; i < reads && lane.TryRead(out var message); i++)
            {
                Assert.Equal(read++, Number(message));
            }
        }

        Assert.Equal(Enumerable.Range(read, written - read), Drain(lane));
    }

    [Fact]
    public void A_steady_flow_allocates_nothing_once_the_ring_has_grown()
    {
        var lane = new InboundLane(_pipe, 1000);
        var message = Numbered(7);
        Cycle(lane, message, rounds: 10);

        var before = GC.GetAllocatedBytesForCurrentThread();
        Cycle(lane, message, rounds: 100);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);

        static void Cycle(InboundLane lane, ZMessage message, int rounds)
        {
            // Fill to the high-water mark and drain, again and again: the writer laps the ring many times.
            for (var round = 0; round < rounds; round++)
            {
                while (lane.TryWrite(message))
                {
                }

                while (lane.TryRead(out _))
                {
                }
            }
        }
    }

    [Fact]
    public void A_brief_wait_on_a_lane_nobody_writes_to_gives_up()
    {
        var lane = new InboundLane(_pipe, 0);
        lane.TryWrite(Numbered(0));
        Drain(lane);

        Assert.False(lane.WaitBrieflyForWrite());
    }

    [Fact]
    public void A_brief_wait_returns_as_soon_as_there_is_a_message()
    {
        var lane = new InboundLane(_pipe, 0);
        lane.TryWrite(Numbered(0));

        Assert.True(lane.WaitBrieflyForWrite());
        Assert.Equal([0], Drain(lane));
    }

    [Fact]
    public void The_first_write_claims_an_idle_lane_and_later_ones_do_not()
    {
        var lane = new InboundLane(_pipe, 0);
        lane.TryWrite(Numbered(0));
        Assert.True(lane.TryActivate());

        lane.TryWrite(Numbered(1));
        Assert.False(lane.TryActivate());
    }

    [Fact]
    public void Releasing_an_empty_lane_lets_the_next_write_claim_it_again()
    {
        var lane = new InboundLane(_pipe, 0);
        lane.TryWrite(Numbered(0));
        Assert.True(lane.TryActivate());
        Assert.Equal([0], Drain(lane));

        Assert.True(lane.TryRelease());

        lane.TryWrite(Numbered(1));
        Assert.True(lane.TryActivate());
    }

    [Fact]
    public void A_lane_with_a_message_is_kept_by_the_reader_that_tries_to_release_it()
    {
        var lane = new InboundLane(_pipe, 0);
        lane.TryWrite(Numbered(0));
        Assert.True(lane.TryActivate());

        // The message is still there: the reader keeps the lane, so a writer must not add it to the list again.
        Assert.False(lane.TryRelease());
        lane.TryWrite(Numbered(1));
        Assert.False(lane.TryActivate());
        Assert.Equal([0, 1], Drain(lane));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(10)]
    public async Task A_waiting_writer_is_woken_when_the_reader_brings_the_lane_down_to_half(int capacity)
    {
        var lane = new InboundLane(_pipe, capacity);
        for (var i = 0; i < capacity; i++)
        {
            Assert.True(lane.TryWrite(Numbered(i)));
        }

        var writable = lane.WaitWritableAsync(CancellationToken.None).AsTask();
        Assert.False(writable.IsCompleted);

        var lowWater = capacity / 2;
        for (var left = capacity - 1; left > lowWater; left--)
        {
            Assert.True(lane.TryRead(out _));
            Assert.False(writable.IsCompleted, $"the writer was woken with {left} of {capacity} messages unread");
        }

        Assert.True(lane.TryRead(out _));
        await writable.WaitAsync(Timeout);
    }

    [Fact]
    public void Waiting_for_room_in_a_lane_that_has_room_completes_at_once()
    {
        var lane = new InboundLane(_pipe, 2);
        lane.TryWrite(Numbered(0));

        Assert.True(lane.WaitWritableAsync(CancellationToken.None).AsTask().IsCompleted);
    }

    [Fact]
    public async Task WakeWriter_releases_a_waiting_writer_whatever_the_lane_holds()
    {
        var lane = new InboundLane(_pipe, 1);
        lane.TryWrite(Numbered(0));
        var writable = lane.WaitWritableAsync(CancellationToken.None).AsTask();
        Assert.False(writable.IsCompleted);

        lane.WakeWriter();

        await writable.WaitAsync(Timeout);
    }

    [Theory]
    [InlineData(3, 2, 5)]
    [InlineData(3, 0, 0)]
    [InlineData(0, 2, 0)]
    public void An_attached_sender_adds_its_high_water_mark_to_the_lane(int receiveHighWaterMark, int sendHighWaterMark, int expected)
    {
        // zmq_inproc(7): the pipe holds SNDHWM + RCVHWM, and no limit when either is 0.
        var lane = new InboundLane(_pipe, receiveHighWaterMark);
        lane.AttachSender(sendHighWaterMark, () => { });

        var written = 0;
        while (written < 100 && lane.TryWrite(Numbered(written)))
        {
            written++;
        }

        Assert.Equal(expected == 0 ? 100 : expected, written);
    }

    [Fact]
    public void A_sender_waiting_for_room_is_called_back_when_the_reader_brings_the_lane_down_to_half()
    {
        var called = 0;
        var lane = new InboundLane(_pipe, 6);
        lane.AttachSender(4, () => called++);
        while (lane.TryWrite(Numbered(0)))
        {
        }

        Assert.True(lane.TryWaitForRoom());
        for (var read = 1; read <= 5; read++)
        {
            Assert.True(lane.TryRead(out _));
            Assert.Equal(read == 5 ? 1 : 0, called);
        }

        // Once: the next wait is a new request.
        Drain(lane);
        Assert.Equal(1, called);
    }

    [Fact]
    public void A_sender_that_would_wait_for_a_lane_with_room_is_told_to_write_again()
    {
        var called = 0;
        var lane = new InboundLane(_pipe, 2);
        lane.AttachSender(1, () => called++);
        lane.TryWrite(Numbered(0));

        Assert.False(lane.TryWaitForRoom());

        Drain(lane);
        Assert.Equal(0, called);
    }

    [Fact]
    public void WakeWriter_calls_back_a_waiting_sender_whatever_the_lane_holds()
    {
        var called = 0;
        var lane = new InboundLane(_pipe, 1);
        lane.AttachSender(1, () => called++);
        lane.TryWrite(Numbered(0));
        lane.TryWrite(Numbered(1));
        Assert.True(lane.TryWaitForRoom());

        lane.WakeWriter();

        Assert.Equal(1, called);
    }

    [Fact]
    public void The_lane_lets_go_of_messages_it_has_handed_out_a_group_at_a_time()
    {
        var lane = new InboundLane(_pipe, 0);
        var handedOut = WriteAndReadEight(lane);

        GC.Collect();
        GC.WaitForPendingFinalizers();

        Assert.All(handedOut, message => Assert.False(message.IsAlive, "the lane still holds a message it handed out"));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference[] WriteAndReadEight(InboundLane lane)
    {
        var handedOut = new WeakReference[8];
        for (var i = 0; i < handedOut.Length; i++)
        {
            var message = Numbered(i);
            handedOut[i] = new WeakReference(message);
            lane.TryWrite(message);
        }

        Assert.Equal(Enumerable.Range(0, 8), Drain(lane));
        return handedOut;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(1000)]
    public async Task One_writer_and_one_reader_on_two_threads_move_every_message_once_in_order(int capacity)
    {
        const int total = 200_000;
        var lane = new InboundLane(_pipe, capacity);
        var writing = Task.Run(async () =>
        {
            for (var i = 0; i < total; i++)
            {
                while (!lane.TryWrite(Numbered(i)))
                {
                    await lane.WaitWritableAsync(CancellationToken.None);
                }
            }
        });

        var reading = Task.Run(() =>
        {
            var expected = 0;
            var spin = new SpinWait();
            while (expected < total)
            {
                if (lane.TryRead(out var message))
                {
                    Assert.Equal(expected++, Number(message));
                }
                else
                {
                    spin.SpinOnce(sleep1Threshold: -1);
                }
            }
        });

        await Task.WhenAll(writing, reading).WaitAsync(Timeout);
        Assert.False(lane.TryRead(out _));
    }

    private static ZMessage Numbered(int number) => ZMessage.FromFrames(BitConverter.GetBytes(number));

    private static int Number(ZMessage message) => BitConverter.ToInt32(message[0].Span);

    private static List<int> Drain(InboundLane lane)
    {
        var numbers = new List<int>();
        while (lane.TryRead(out var message))
        {
            numbers.Add(Number(message));
        }

        return numbers;
    }
}
