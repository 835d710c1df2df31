using RuntimeActors.TestKit;

namespace RuntimeActors.Transports.Pgm.Tests;

public sealed class ConnectionTests
{
    private static async Task<List<ZMessage>> ReceiveAsync(PgmConnection receiver, int count)
    {
        using var timeout = new CancellationTokenSource(PgmTestGroup.Patience);
        var messages = new List<ZMessage>();
        while (messages.Count < count)
        {
            // A warm-up sent again while the first one was being repaired arrives after it: not one of the test's.
            var message = await receiver.Received.ReadAsync(timeout.Token);
            if (messages.Count > 0 || message.GetString(0) != "warm-up")
            {
                messages.Add(message);
            }
        }

        return messages;
    }

    // The receiver joins at the first data it sees: a warm-up message it waits for proves it is in step.
    private static async Task WarmUpAsync(PgmConnection sender, PgmConnection receiver)
    {
        using var timeout = new CancellationTokenSource(PgmTestGroup.Patience);
        while (true)
        {
            await sender.SendNowAsync(ZMessage.FromStrings("warm-up"), timeout.Token);
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
            wait.CancelAfter(TimeSpan.FromMilliseconds(200));
            try
            {
                var first = await receiver.Received.ReadAsync(wait.Token);
                if (first.GetString(0) == "warm-up")
                {
                    return;
                }
            }
            catch (OperationCanceledException) when (!timeout.IsCancellationRequested)
            {
            }
        }
    }

    [Fact]
    public async Task Messages_arrive_whole_and_in_order()
    {
        var group = new PgmTestGroup();
        await using var receiver = group.Open(SocketType.Sub);
        await using var sender = group.Open(SocketType.Pub);
        await WarmUpAsync(sender, receiver);

        var big = Enumerable.Range(0, 20_000).Select(i => (byte)i).ToArray();
        for (var i = 0; i < 50; i++)
        {
            await sender.SendAsync(ZMessage.FromStrings("topic", i.ToString(System.Globalization.CultureInfo.InvariantCulture), "tail"), default);
        }

        await sender.SendAsync(ZMessage.FromFrames("big"u8.ToArray(), big), default);

        // The fifty small ones shared packets; the flush sends the last, partly filled one.
        await sender.FlushAsync(default);
        var received = await ReceiveAsync(receiver, 51);
        var texts = received.Take(50).Select(m => m.GetString(1)).ToArray();
        Assert.Equal(Enumerable.Range(0, 50).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), texts);
        Assert.All(received.Take(50), m => Assert.Equal(3, m.Count));
        Assert.Equal(big, received[50][1].ToArray());
    }

    [Fact]
    public async Task Receiver_drops_are_repaired_through_naks()
    {
        var group = new PgmTestGroup();
        await using var receiver = group.Open(SocketType.Sub, new PgmTransportOptions { DropReceivedOdata = 0.2, Seed = 7 });
        await using var sender = group.Open(SocketType.Pub);
        await WarmUpAsync(sender, receiver);
        for (var i = 0; i < 100; i++)
        {
            await sender.SendNowAsync(ZMessage.FromStrings($"m{i}"), default);
        }

        var received = await ReceiveAsync(receiver, 100);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"m{i}"), received.Select(m => m.GetString(0)));
        Assert.True(receiver.Counters.OdataDropped > 0);
        Assert.True(sender.Counters.RdataSent > 0);
        Assert.True(sender.Counters.NaksReceived > 0);
        Assert.Equal(0, receiver.Counters.Losses);
    }

    [Fact]
    public async Task Sender_skips_are_repaired_through_naks()
    {
        var group = new PgmTestGroup();
        await using var receiver = group.Open(SocketType.Sub);
        await using var sender = group.Open(SocketType.Pub, new PgmTransportOptions { SkipSentOdata = 0.2, Seed = 11 });
        await WarmUpAsync(sender, receiver);
        for (var i = 0; i < 100; i++)
        {
            await sender.SendNowAsync(ZMessage.FromStrings($"m{i}"), default);
        }

        var received = await ReceiveAsync(receiver, 100);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"m{i}"), received.Select(m => m.GetString(0)));
        Assert.True(sender.Counters.OdataSkipped > 0);
        Assert.True(receiver.Counters.NaksSent > 0);
    }

    [Fact]
    public async Task Unrepairable_gap_is_reported_and_the_receiver_resyncs_at_the_next_message()
    {
        var group = new PgmTestGroup();
        await using var receiver = group.Open(SocketType.Sub);

        // The sender's window holds one packet, so a skipped packet is gone by the time it is NAKed.
        await using var sender = group.Open(SocketType.Pub, new PgmTransportOptions { SkipSentOdata = 0.5, Seed = 3 }, rate: 100, recoveryMs: 1);
        using var timeout = new CancellationTokenSource(PgmTestGroup.Patience);
        var lossTask = receiver.Losses.ReadAsync(timeout.Token).AsTask();
        var i = 0;
        while (!lossTask.IsCompleted)
        {
            await sender.SendNowAsync(ZMessage.FromStrings($"m{i++}", "second"), timeout.Token);
            await TaskWaits.AwaitWithinAsync(lossTask, TimeSpan.FromMilliseconds(20));
        }

        var loss = await lossTask;
        Assert.True(loss.LostPackets >= 1);
        Assert.Contains(".", loss.Source, StringComparison.Ordinal);

        // What arrives after is whole: every message has its two frames.
        await sender.SendNowAsync(ZMessage.FromStrings("after", "second"), timeout.Token);
        while (receiver.Received.TryRead(out var m))
        {
            Assert.Equal(2, m.Count);
        }
    }
}
