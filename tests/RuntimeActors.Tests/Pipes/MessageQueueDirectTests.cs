using RuntimeActors.Pipes;

namespace RuntimeActors.Tests.Pipes;

/// <summary>A pipe's outbound queue with a direct sink (inproc): what skips the queue, and what must not.</summary>
public sealed class MessageQueueDirectTests
{
    private readonly RecordingSink _sink = new();

    [Fact]
    public void Data_written_to_an_empty_queue_goes_straight_to_the_sink()
    {
        var queue = new MessageQueue(10);
        queue.SendDirectTo(_sink);

        Assert.True(queue.TryWrite(ZMessage.FromStrings("a")));

        Assert.Equal(["a"], _sink.Taken);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void Attaching_a_sink_hands_it_the_send_high_water_mark()
    {
        var queue = new MessageQueue(7);

        queue.SendDirectTo(_sink);

        Assert.Equal(7, _sink.AttachedHighWaterMark);
        Assert.NotNull(_sink.OnRoom);
    }

    [Fact]
    public void A_full_receiver_makes_the_pipe_full_and_its_room_wakes_the_sender()
    {
        var writable = 0;
        var queue = new MessageQueue(10, () => writable++);
        queue.SendDirectTo(_sink);
        _sink.Full = true;

        // Nothing is queued behind a full receiver: the sender waits, as for any full pipe.
        Assert.False(queue.TryWrite(ZMessage.FromStrings("a")));
        Assert.Equal(0, queue.Count);
        Assert.Equal(1, _sink.Waits);

        _sink.Full = false;
        _sink.OnRoom!();
        Assert.Equal(1, writable);
        Assert.True(queue.TryWrite(ZMessage.FromStrings("a")));
        Assert.Equal(["a"], _sink.Taken);
    }

    [Fact]
    public void A_receiver_that_made_room_before_the_sender_could_wait_takes_the_message_at_once()
    {
        var queue = new MessageQueue(10);
        queue.SendDirectTo(_sink);
        _sink.Full = true;
        _sink.HasRoomWhenAsked = true;

        Assert.True(queue.TryWrite(ZMessage.FromStrings("a")));

        Assert.Equal(["a"], _sink.Taken);
    }

    [Fact]
    public void What_a_closed_receiver_refuses_is_queued_and_later_messages_queue_behind_it()
    {
        var queue = new MessageQueue(10);
        queue.SendDirectTo(_sink);
        _sink.IsClosed = true;
        Assert.True(queue.TryWrite(ZMessage.FromStrings("a")));

        // The next connection's receiver has room, but "b" must not overtake "a".
        var next = new RecordingSink();
        queue.SendDirectTo(next);
        Assert.True(queue.TryWrite(ZMessage.FromStrings("b")));

        Assert.Empty(next.Taken);
        Assert.Equal(["a", "b"], ReadAll(queue));
    }

    [Fact]
    public void Direct_writes_wait_until_the_engine_has_handed_on_what_it_took()
    {
        var queue = new MessageQueue(10);
        queue.TryWrite(ZMessage.FromStrings("a"));
        queue.SendDirectTo(_sink);
        var batch = new List<ZMessage>();
        queue.ReadBatch(batch, 10);

        // The engine holds "a" and has not delivered it yet.
        queue.TryWrite(ZMessage.FromStrings("b"));
        Assert.Empty(_sink.Taken);

        queue.Release(1);
        Assert.Equal(["b"], ReadAll(queue));
        queue.Release(1);
        queue.TryWrite(ZMessage.FromStrings("c"));
        Assert.Equal(["c"], _sink.Taken);
    }

    [Fact]
    public void What_the_engine_holds_counts_against_the_high_water_mark_until_it_is_handed_on()
    {
        var writable = 0;
        var queue = new MessageQueue(2, () => writable++);
        Assert.True(queue.TryWrite(ZMessage.FromStrings("a")));
        Assert.True(queue.TryWrite(ZMessage.FromStrings("b")));
        queue.SendDirectTo(_sink);
        Assert.False(queue.TryWrite(ZMessage.FromStrings("c")));

        queue.ReadBatch([], 10);
        Assert.False(queue.CanWrite);
        Assert.Equal(0, writable);

        queue.Release(2);
        Assert.True(queue.CanWrite);
        Assert.Equal(1, writable);
    }

    [Fact]
    public void Each_message_handed_on_frees_its_place_before_the_rest_of_its_batch_has_gone()
    {
        // The receiver may take a batch only in part: what it took must not count here as well.
        var writable = 0;
        var queue = new MessageQueue(2, () => writable++);
        queue.TryWrite(ZMessage.FromStrings("a"));
        queue.TryWrite(ZMessage.FromStrings("b"));
        queue.SendDirectTo(_sink);
        queue.ReadBatch([], 10);
        Assert.False(queue.CanWrite);

        queue.Release(1);

        Assert.True(queue.CanWrite);
        Assert.Equal(1, writable);
        Assert.True(queue.TryWrite(ZMessage.FromStrings("c")));
        Assert.False(queue.TryWrite(ZMessage.FromStrings("d")));
    }

    [Fact]
    public void Subscriptions_never_skip_the_queue()
    {
        var queue = new MessageQueue(10);
        queue.SendDirectTo(_sink);

        Assert.True(queue.TryWrite(ZMessage.Subscription(subscribe: true, "topic"u8.ToArray()), ignoreLimit: true));

        Assert.Empty(_sink.Taken);
        Assert.Equal(1, queue.Count);
    }

    [Fact]
    public void Without_a_sink_every_message_is_queued_again()
    {
        var queue = new MessageQueue(10);
        queue.SendDirectTo(_sink);
        queue.SendDirectTo(null);

        queue.TryWrite(ZMessage.FromStrings("a"));

        Assert.Empty(_sink.Taken);
        Assert.Equal(["a"], ReadAll(queue));
    }

    [Fact]
    public void Ending_the_connection_frees_what_its_engine_held()
    {
        var writable = 0;
        var queue = new MessageQueue(1, () => writable++);
        queue.TryWrite(ZMessage.FromStrings("a"));
        queue.SendDirectTo(_sink);
        queue.ReadBatch([], 10);
        Assert.False(queue.CanWrite);
        Assert.Equal(0, writable);

        queue.SendDirectTo(null);

        Assert.True(queue.CanWrite);
        Assert.Equal(1, writable);
    }

    [Fact]
    public void Ending_the_connection_wakes_a_sender_waiting_for_the_receiver_s_room()
    {
        var writable = 0;
        var queue = new MessageQueue(10, () => writable++);
        queue.SendDirectTo(_sink);
        _sink.Full = true;
        Assert.False(queue.TryWrite(ZMessage.FromStrings("a")));

        queue.SendDirectTo(null);

        // The sender retries and queues its message for the next connection.
        Assert.Equal(1, writable);
        Assert.True(queue.TryWrite(ZMessage.FromStrings("a")));
        Assert.Equal(["a"], ReadAll(queue));
    }

    [Fact]
    public void A_message_the_receiver_recycles_as_it_takes_it_is_counted_with_the_bytes_it_had()
    {
        // Regression: the count read the message after the hand-over, while the receiving socket cleared it (the soak
        // crashed with an ArgumentOutOfRangeException from ZMessage's indexer after 29 minutes of PAIR over inproc).
        var traffic = new Monitoring.PipeTraffic(Monitoring.MetricTags.Unattributed("inproc://recycled"));
        var queue = new MessageQueue(10, traffic: traffic);
        queue.SendDirectTo(new RecyclingSink());

        Assert.True(queue.TryWrite(ZMessage.FromStrings("abc", "defgh")));

        Assert.Equal(1, traffic.MessagesSent);
        Assert.Equal(8, traffic.BytesSent);
    }

    private static List<string> ReadAll(MessageQueue queue)
    {
        var batch = new List<ZMessage>();
        queue.ReadBatch(batch, int.MaxValue);
        return [.. batch.Select(message => message.ToString())];
    }

    /// <summary>A receiver that takes each message and is done with it at once, as a fast inproc reader is.</summary>
    private sealed class RecyclingSink : IMessageSink
    {
        public bool IsClosed => false;

        public void AttachSender(int sendHighWaterMark, Action onRoom)
        {
        }

        public bool TryTake(ZMessage message)
        {
            message.Clear();
            return true;
        }

        public bool TryWaitForRoom() => false;
    }

    private sealed class RecordingSink : IMessageSink
    {
        /// <summary>Refuses as a receiver at its high-water mark does.</summary>
        public bool Full { get; set; }

        /// <summary>The receiver makes room between the sender's refused write and its wait.</summary>
        public bool HasRoomWhenAsked { get; set; }

        public bool IsClosed { get; set; }

        public int AttachedHighWaterMark { get; private set; } = -1;

        public Action? OnRoom { get; private set; }

        public int Waits { get; private set; }

        public List<string> Taken { get; } = [];

        public void AttachSender(int sendHighWaterMark, Action onRoom)
        {
            AttachedHighWaterMark = sendHighWaterMark;
            OnRoom = onRoom;
        }

        public bool TryTake(ZMessage message)
        {
            if (IsClosed || Full)
            {
                return false;
            }

            Taken.Add(message.ToString());
            return true;
        }

        public bool TryWaitForRoom()
        {
            Waits++;
            if (HasRoomWhenAsked)
            {
                Full = false;
                return false;
            }

            return !IsClosed;
        }
    }
}
