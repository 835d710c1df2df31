using RuntimeActors.TestKit;

namespace RuntimeActors.Transports.Pgm.Tests;

public sealed class LibzmqInteropTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.2)]
    public async Task Our_sender_reaches_a_libzmq_sub(double skip)
    {
        var group = new PgmTestGroup();
        using var timeout = new CancellationTokenSource(PgmTestGroup.Patience);
        await using var sub = PythonPeer.Start("pgm_sub.py", $"epgm://{group.Address}", "10000");
        await sub.ExpectLineAsync("READY", timeout.Token);
        await using var sender = group.Open(SocketType.Pub, new PgmTransportOptions { SkipSentOdata = skip, Seed = 5 }, rate: 10_000);

        // OpenPGM joins a source at its first data: keep sending until the first line shows the SUB is in step.
        var lines = new List<string>();
        var readTask = sub.ReadLineAsync(timeout.Token);
        while (!readTask.IsCompleted)
        {
            await sender.SendNowAsync(ZMessage.FromStrings("warm-up"), timeout.Token);
            await TaskWaits.AwaitWithinAsync(readTask, TimeSpan.FromMilliseconds(100));
        }

        var first = await readTask;
        Assert.Equal("warm-up", first);
        for (var i = 0; i < 100; i++)
        {
            await sender.SendNowAsync(ZMessage.FromStrings($"m{i}", "x"), timeout.Token);
        }

        while (lines.Count < 100)
        {
            var line = await sub.ReadLineAsync(timeout.Token);
            if (line != "warm-up")
            {
                lines.Add(line);
            }
        }

        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"m{i}|x"), lines);
        if (skip > 0)
        {
            Assert.True(sender.Counters.RdataSent > 0);
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.2)]
    public async Task A_libzmq_pub_reaches_our_receiver(double drop)
    {
        var group = new PgmTestGroup();
        using var timeout = new CancellationTokenSource(PgmTestGroup.Patience);
        await using var receiver = group.Open(SocketType.Sub, new PgmTransportOptions { DropReceivedOdata = drop, Seed = 9 });
        await using var pub = PythonPeer.Start("pgm_pub.py", $"epgm://{group.Address}", "10000");
        await pub.ExpectLineAsync("READY", timeout.Token);

        // Our receiver joins at the first data it sees; send batches until a batch's first message shows we are in step.
        // Messages of 1000 bytes: libzmq packs small ones into one packet, and the drop hook needs many packets to drop.
        while (true)
        {
            await pub.WriteLineAsync("send 100 1000");
            await pub.ExpectLineAsync("SENT", timeout.Token);
            var first = await receiver.Received.ReadAsync(timeout.Token);
            if (first.GetString(0) == "m0")
            {
                var rest = new List<string> { "m0" };
                while (rest.Count < 100)
                {
                    rest.Add((await receiver.Received.ReadAsync(timeout.Token)).GetString(0));
                }

                Assert.Equal(Enumerable.Range(0, 100).Select(i => $"m{i}"), rest);
                break;
            }

            while (receiver.Received.TryRead(out _))
            {
            }
        }

        if (drop > 0)
        {
            Assert.True(receiver.Counters.OdataDropped > 0);
            Assert.True(receiver.Counters.RdataReceived > 0);
        }

        await pub.WriteLineAsync("quit");
    }

    [Fact]
    public async Task A_libzmq_flood_reaches_our_receiver_whole_and_in_order()
    {
        // libzmq packs many messages into each APDU and sends as fast as ZMQ_RATE lets it: the receiver's buffers
        // overflow, and what the kernel dropped must come back as RDATA after our NAKs.
        const int Count = 10_000;
        var group = new PgmTestGroup();
        using var timeout = new CancellationTokenSource(PgmTestGroup.Patience);
        await using var receiver = group.Open(SocketType.Sub);
        await using var pub = PythonPeer.Start("pgm_flood.py", $"epgm://{group.Address}", "100000", Count.ToString(System.Globalization.CultureInfo.InvariantCulture), "64");
        await pub.ExpectLineAsync("READY", timeout.Token);
        do
        {
            await pub.WriteLineAsync("warm");
        }
        while (!await ReadWithinAsync(receiver, TimeSpan.FromMilliseconds(100), timeout.Token));

        await pub.WriteLineAsync("go");
        var next = 0;
        try
        {
            while (next < Count)
            {
                var message = await receiver.Received.ReadAsync(timeout.Token);
                if (message.GetString(0) == "warm-up")
                {
                    continue;
                }

                if (message.GetString(0) != next.ToString(System.Globalization.CultureInfo.InvariantCulture))
                {
                    var losses = new List<string>();
                    while (receiver.Losses.TryRead(out var loss))
                    {
                        losses.Add($"{loss.LostPackets} ({loss.Reason})");
                    }

                    var c = receiver.Counters;
                    Assert.Fail($"message {next} expected, {message.GetString(0)} came; losses: {string.Join(", ", losses)}; NAKs sent {c.NaksSent}, RDATA received {c.RdataReceived}");
                }

                Assert.Equal(64, message[1].Length);
                next++;
            }
        }
        catch (OperationCanceledException)
        {
            var c = receiver.Counters;
            Assert.Fail($"{next} of {Count} arrived; NAKs sent {c.NaksSent}, RDATA received {c.RdataReceived}, losses {c.Losses}");
        }

        await pub.WriteLineAsync("quit");
    }

    private static async Task<bool> ReadWithinAsync(PgmConnection receiver, TimeSpan wait, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(wait);
        try
        {
            await receiver.Received.ReadAsync(limit.Token);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
