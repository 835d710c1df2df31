using System.Globalization;

namespace RuntimeActors.Reliability.Tests;

/// <summary>A PUSH and a PULL with a <see cref="RelayProxy"/> between them: a link that stalls, crawls and breaks.</summary>
public sealed class RelayTests(ITestOutputHelper output) : ReliabilityTestKit(output)
{
    [Fact]
    public async Task Messages_across_a_paused_then_resumed_relay_all_arrive_in_order()
    {
        var (push, pull, relay) = await ConnectThroughRelayAsync();
        await using var _ = relay;
        await push.SendAsync("-1");
        Assert.Equal(["-1"], await ReceiveStringsAsync(pull));

        relay.Pause();
        for (var i = 0; i < 500; i++)
        {
            await push.SendAsync(Text(i));
        }

        // A pause is no loss: nothing passes, and nothing is dropped either.
        AssertNothingReceived(pull);
        relay.Resume();
        for (var i = 0; i < 500; i++)
        {
            Assert.Equal([Text(i)], await ReceiveStringsAsync(pull));
        }

        AssertNothingReceived(pull);
    }

    [Fact]
    public async Task Messages_across_a_slow_narrow_relay_all_arrive_in_order()
    {
        var (push, pull, relay) = await ConnectThroughRelayAsync();
        await using var _ = relay;
        relay.ToTarget.DelayPerChunk = TimeSpan.FromMilliseconds(5);
        relay.ToTarget.BytesPerSecond = 256 * 1024;
        var payload = new byte[1024];
        const int Count = 200;
        var sending = Task.Run(async () =>
        {
            for (var i = 0; i < Count; i++)
            {
                await push.SendAsync(ZMessage.FromFrames(System.Text.Encoding.UTF8.GetBytes(Text(i)), payload));
            }
        });

        for (var i = 0; i < Count; i++)
        {
            var message = await ReceiveAsync(pull);
            Assert.Equal(Text(i), message.GetStrings()[0]);
            Assert.Equal(payload.Length, message[1].Length);
        }

        await sending.WaitAsync(Patience);
        Output.WriteLine(relay.ToString());
        Assert.True(relay.ToTarget.Bytes >= Count * payload.Length, relay.ToString());
    }

    [Fact]
    public async Task Messages_queued_at_close_are_delivered_within_the_linger_once_a_stalled_link_recovers()
    {
        var pull = Socket(SocketType.Pull);
        var target = await pull.BindAsync(LocalEndpoint("tcp"));
        await using var relay = RelayProxy.Start(target);
        var options = FastReconnect;
        options.Linger = TimeSpan.FromSeconds(30);
        var push = Socket(SocketType.Push, options);
        await push.ConnectAsync(relay.Endpoint);
        await push.SendAsync(ZMessage.FromFrames(BitConverter.GetBytes(-1)));
        await ReceiveAsync(pull);

        // More than the kernel's buffers hold: part stays queued in the PUSH when it is closed.
        relay.Pause();
        const int Count = 900;
        var payload = new byte[8 * 1024];
        for (var i = 0; i < Count; i++)
        {
            await push.SendAsync(ZMessage.FromFrames(BitConverter.GetBytes(i), payload));
        }

        var closing = push.DisposeAsync().AsTask();
        Assert.False(closing.IsCompleted, "the close did not wait for the queued messages");
        relay.Resume();
        for (var i = 0; i < Count; i++)
        {
            Assert.Equal(i, BitConverter.ToInt32((await ReceiveAsync(pull))[0].Span));
        }

        await closing.WaitAsync(Patience);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_cut_relay_is_reconnected_through_and_every_message_arrives_at_most_once_and_in_order(bool reset)
    {
        var (push, pull, relay) = await ConnectThroughRelayAsync();
        await using var _ = relay;
        var events = Monitor(push);
        const int Batch = 1000;
        var received = new List<int>();

        // Delivered while the link holds: all of them.
        await SendRangeAsync(push, 0, Batch);
        while (received.Count < Batch)
        {
            received.Add(await ReceiveNumberAsync(pull));
        }

        // In flight when the link breaks: written by the PUSH, held by the kernel's buffers and the stalled relay.
        relay.ToTarget.Pause();
        await SendRangeAsync(push, Batch, Batch);
        Assert.Equal(1, relay.Cut(reset));
        relay.ToTarget.Resume();
        await ExpectEventAsync(events, SocketEventKind.Disconnected);
        await ExpectEventAsync(events, SocketEventKind.HandshakeSucceeded);

        // Sent after the reconnection: all of them.
        await SendRangeAsync(push, 2 * Batch, Batch);
        while (received[^1] != (3 * Batch) - 1)
        {
            received.Add(await ReceiveNumberAsync(pull));
        }

        AssertNothingReceived(pull);
        var lost = Enumerable.Range(0, 3 * Batch).Except(received).ToList();
        Output.WriteLine($"{relay}; {(reset ? "RST" : "FIN")}: {received.Count} received, {lost.Count} lost{(lost.Count == 0 ? string.Empty : $" ({lost[0]}..{lost[^1]})")}");
        Assert.Equal(2, relay.Accepted);
        for (var i = 1; i < received.Count; i++)
        {
            Assert.True(received[i] > received[i - 1], $"{received[i]} after {received[i - 1]}: a duplicate or a reordering");
        }

        // What was lost is what the PUSH had written to the dead connection: one run from the window of the cut. What it
        // still held in its pipe went over the new connection.
        Assert.All(lost, i => Assert.InRange(i, Batch, (2 * Batch) - 1));
        Assert.True(lost.Count == 0 || lost[^1] - lost[0] + 1 == lost.Count, $"the lost messages are not one run: {string.Join(',', lost)}");
    }

    private static async Task SendRangeAsync(ZSocket push, int start, int count)
    {
        for (var i = start; i < start + count; i++)
        {
            await push.SendAsync(Text(i));
        }
    }

    private static async Task<int> ReceiveNumberAsync(ZSocket pull) =>
        int.Parse((await ReceiveAsync(pull)).GetStrings()[0], CultureInfo.InvariantCulture);

    private static string Text(int i) => i.ToString(CultureInfo.InvariantCulture);

    private async Task<(ZSocket Push, ZSocket Pull, RelayProxy Relay)> ConnectThroughRelayAsync()
    {
        var pull = Socket(SocketType.Pull);
        var target = await pull.BindAsync(LocalEndpoint("tcp"));
        var relay = RelayProxy.Start(target);
        var push = Socket(SocketType.Push, FastReconnect);
        await push.ConnectAsync(relay.Endpoint);
        return (push, pull, relay);
    }
}
