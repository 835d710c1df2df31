using RuntimeActors.Pipes;
using RuntimeActors.Sockets;

namespace RuntimeActors.Tests.Sockets;

/// <summary>The inbound queue with inproc lanes beside its shared queue.</summary>
public sealed class InboundQueueLaneTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly Pipe _a = new("inproc://a", 10);
    private readonly Pipe _b = new("inproc://b", 10);
    private readonly Pipe _tcp = new("tcp://c", 10);

    [Fact]
    public void Messages_written_to_a_lane_come_out_with_the_pipe_of_the_lane()
    {
        var queue = new InboundQueue(10);
        var lane = queue.OpenLane(_a);

        Assert.True(queue.TryWrite(lane, Message("a0"), null));
        Assert.True(queue.TryWrite(lane, Message("a1"), null));

        Assert.Equal([("a0", _a), ("a1", _a)], DrainAll(queue));
    }

    [Fact]
    public async Task A_waiting_reader_is_woken_by_a_write_to_an_idle_lane()
    {
        var queue = new InboundQueue(10);
        var lane = queue.OpenLane(_a);
        Assert.True(queue.TryWrite(lane, Message("first"), null));
        Assert.Single(DrainAll(queue));

        var reading = queue.ReadAsync(CancellationToken.None).AsTask();
        Assert.False(reading.IsCompleted);
        Assert.True(queue.TryWrite(lane, Message("second"), null));

        Assert.Equal("second", (await reading.WaitAsync(Timeout)).Message.GetString(0));
    }

    [Fact]
    public void Each_lane_is_bounded_by_the_high_water_mark_on_its_own()
    {
        var queue = new InboundQueue(2);
        var a = queue.OpenLane(_a);
        var b = queue.OpenLane(_b);

        Assert.True(queue.TryWrite(a, Message("a0"), null));
        Assert.True(queue.TryWrite(a, Message("a1"), null));
        Assert.False(queue.TryWrite(a, Message("a2"), null));
        Assert.True(queue.TryWrite(b, Message("b0"), null));
        Assert.Equal(1, queue.TryWrite(_tcp, [Message("c0")], 0, null));
    }

    [Fact]
    public void The_filter_drops_lane_messages_it_rejects()
    {
        var queue = new InboundQueue(10);
        var lane = queue.OpenLane(_a);

        Assert.True(queue.TryWrite(lane, Message("x0"), message => message.GetString(0) != "x0"));
        Assert.True(queue.TryWrite(lane, Message("k1"), message => message.GetString(0) != "x0"));

        Assert.Equal([("k1", _a)], DrainAll(queue));
    }

    [Fact]
    public void A_busy_lane_gives_the_other_lanes_and_the_shared_queue_their_turn()
    {
        var queue = new InboundQueue(0);
        var a = queue.OpenLane(_a);
        var b = queue.OpenLane(_b);
        for (var i = 0; i < 500; i++)
        {
            Assert.True(queue.TryWrite(a, Message($"a{i}"), null));
        }

        Assert.True(queue.TryWrite(b, Message("b0"), null));
        Assert.Equal(1, queue.TryWrite(_tcp, [Message("c0")], 0, null));

        var read = DrainAll(queue).Select(item => item.Text).ToList();

        Assert.Equal(502, read.Count);
        Assert.True(read.IndexOf("b0") < read.IndexOf("a499"), "lane b waited for all of lane a");
        Assert.True(read.IndexOf("c0") < read.IndexOf("a499"), "the shared queue waited for all of lane a");
        Assert.Equal(Enumerable.Range(0, 500).Select(i => $"a{i}"), read.Where(text => text[0] == 'a'));
    }

    [Fact]
    public async Task Complete_releases_a_writer_waiting_on_a_full_lane_and_drops_later_writes()
    {
        var queue = new InboundQueue(1);
        var lane = queue.OpenLane(_a);
        Assert.True(queue.TryWrite(lane, Message("kept"), null));
        Assert.False(queue.TryWrite(lane, Message("refused"), null));
        var writable = queue.WaitWritableAsync(lane, CancellationToken.None).AsTask();
        Assert.False(writable.IsCompleted);

        queue.Complete();

        await writable.WaitAsync(Timeout);
        Assert.True(queue.TryWrite(lane, Message("dropped"), null));
        Assert.Equal([("kept", _a)], DrainAll(queue));
        await Assert.ThrowsAsync<InvalidOperationException>(() => queue.ReadAsync(CancellationToken.None).AsTask().WaitAsync(Timeout));
    }

    [Fact]
    public async Task Two_lane_writers_and_an_engine_deliver_everything_once_and_in_order_per_pipe()
    {
        const int perSource = 50_000;
        var queue = new InboundQueue(16);
        var lanes = new[] { queue.OpenLane(_a), queue.OpenLane(_b) };
        var writers = lanes.Select(lane => Task.Run(async () =>
        {
            for (var i = 0; i < perSource; i++)
            {
                var message = Message(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                while (!queue.TryWrite(lane, message, null))
                {
                    await queue.WaitWritableAsync(lane, CancellationToken.None);
                }
            }
        })).Append(Task.Run(async () =>
        {
            for (var i = 0; i < perSource; i += 100)
            {
                var batch = Enumerable.Range(i, 100).Select(n => Message(n.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToList();
                var next = 0;
                while ((next = queue.TryWrite(_tcp, batch, next, null)) < batch.Count)
                {
                    await queue.WaitWritableAsync(CancellationToken.None);
                }
            }
        })).ToArray();

        var expected = new Dictionary<Pipe, int> { [_a] = 0, [_b] = 0, [_tcp] = 0 };
        for (var i = 0; i < 3 * perSource; i++)
        {
            var item = await queue.ReadAsync(CancellationToken.None).AsTask().WaitAsync(Timeout);
            Assert.Equal(expected[item.Pipe]++, int.Parse(item.Message.GetString(0), System.Globalization.CultureInfo.InvariantCulture));
        }

        await Task.WhenAll(writers).WaitAsync(Timeout);
        Assert.False(queue.TryRead(out _));
    }

    private static ZMessage Message(string text) => ZMessage.FromStrings(text);

    private static List<(string Text, Pipe Pipe)> DrainAll(InboundQueue queue)
    {
        var items = new List<(string, Pipe)>();
        while (queue.TryRead(out var item))
        {
            items.Add((item.Message.GetString(0), item.Pipe));
        }

        return items;
    }
}
