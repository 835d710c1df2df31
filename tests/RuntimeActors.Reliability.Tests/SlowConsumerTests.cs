using System.Buffers.Binary;
using RuntimeActors.TestKit;

namespace RuntimeActors.Reliability.Tests;

/// <summary>
/// Consumers that stop reading, at every socket type: the blocking types hold the sender at the high-water mark and lose
/// nothing; PUB drops, and counts what it dropped.
/// </summary>
public sealed class SlowConsumerTests(ITestOutputHelper output) : ReliabilityTestKit(output)
{
    // Big enough that tcp and ipc fill the kernel's buffers in a few hundred messages, not hundreds of thousands.
    private const int PayloadSize = 8 * 1024;

    // Far above what a sender can hold before it blocks (HWMs + kernel buffers); reaching it means the sender never blocked.
    private const int Bound = 20_000;

    public static TheoryData<string, string> BlockingPairs()
    {
        var data = new TheoryData<string, string>();
        foreach (var transport in new[] { "tcp", "ipc", "inproc" })
        {
            foreach (var pair in new[] { "PUSH-PULL", "DEALER-DEALER", "DEALER-ROUTER", "PAIR-PAIR", "ROUTER-DEALER" })
            {
                data.Add(pair, transport);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BlockingPairs))]
    public async Task A_blocking_sender_blocks_at_the_high_water_mark_and_everything_it_sent_arrives_exactly_once_in_order(string pair, string transport)
    {
        var (senderType, receiverType) = pair switch
        {
            "PUSH-PULL" => (SocketType.Push, SocketType.Pull),
            "DEALER-DEALER" => (SocketType.Dealer, SocketType.Dealer),
            "DEALER-ROUTER" => (SocketType.Dealer, SocketType.Router),
            "PAIR-PAIR" => (SocketType.Pair, SocketType.Pair),
            "ROUTER-DEALER" => (SocketType.Router, SocketType.Dealer),
            _ => throw new ArgumentOutOfRangeException(nameof(pair), pair, null),
        };
        var receiver = Socket(receiverType, new SocketOptions { Linger = TimeSpan.Zero, ReceiveHighWaterMark = 10, RoutingId = "consumer"u8.ToArray() });
        var endpoint = await receiver.BindAsync(LocalEndpoint(transport));
        var sender = Socket(senderType, new SocketOptions
        {
            Linger = TimeSpan.Zero,
            SendHighWaterMark = 10,
            SendTimeout = TimeSpan.FromMilliseconds(100),
            RouterMandatory = true,
        });
        await sender.ConnectAsync(endpoint);
        var routed = senderType == SocketType.Router;
        if (routed)
        {
            // A ROUTER can only address a peer it has heard of; with ROUTER_MANDATORY it never drops silently.
            await AwaitRoutableAsync(sender, receiver);
        }

        // Send until the sender blocks: EAGAIN after ZMQ_SNDTIMEO, the message not taken.
        var payload = new byte[PayloadSize];
        var sent = 0;
        ZmqException? blocked = null;
        while (blocked is null && sent < Bound)
        {
            try
            {
                await sender.SendAsync(Numbered(sent, payload, routed));
                sent++;
            }
            catch (ZmqException e)
            {
                blocked = e;
            }
        }

        Output.WriteLine($"{pair} over {transport}: blocked after {sent} messages ({sent * (long)PayloadSize / 1024} KiB)");
        Assert.NotNull(blocked);
        Assert.Equal(ZmqError.WouldBlock, blocked.Error);

        // The consumer drains: each message once, in order, and no more.
        for (var i = 0; i < sent; i++)
        {
            var message = await ReceiveAsync(receiver);
            if (receiverType == SocketType.Router)
            {
                message.Pop();
            }

            Assert.Equal(i, BinaryPrimitives.ReadInt32BigEndian(message[0].Span));
            Assert.Equal(PayloadSize, message[1].Length);
        }

        AssertNothingReceived(receiver);

        // And the sender is free again.
        await sender.SendAsync(Numbered(sent, payload, routed));
        var last = await ReceiveAsync(receiver);
        Assert.Equal(sent, BinaryPrimitives.ReadInt32BigEndian(last[receiverType == SocketType.Router ? 1 : 0].Span));
    }

    [Theory]
    [InlineData("tcp")]
    [InlineData("ipc")]
    [InlineData("inproc")]
    public async Task A_req_whose_rep_is_slow_waits_for_each_reply_and_gets_every_reply_once_in_order(string transport)
    {
        var rep = Socket(SocketType.Rep);
        var endpoint = await rep.BindAsync(LocalEndpoint(transport));
        var req = Socket(SocketType.Req, new SocketOptions { Linger = TimeSpan.Zero, ReceiveTimeout = TimeSpan.FromMilliseconds(50) });
        await req.ConnectAsync(endpoint);
        for (var i = 0; i < 20; i++)
        {
            await req.SendAsync($"{i}");

            // The REP has not read the request: the REQ's receive times out with EAGAIN and nothing is lost.
            var waiting = await Assert.ThrowsAsync<ZmqException>(() => req.ReceiveAsync().AsTask());
            Assert.Equal(ZmqError.WouldBlock, waiting.Error);
            Assert.Equal([$"{i}"], await ReceiveStringsAsync(rep));
            await rep.SendAsync($"reply {i}");
            Assert.Equal([$"reply {i}"], await ReceiveStringsAsync(req));
        }
    }

    [Theory]
    [InlineData("tcp")]
    [InlineData("ipc")]
    [InlineData("inproc")]
    public async Task A_pub_drops_for_a_slow_subscriber_without_blocking_and_counts_every_drop(string transport)
    {
        using var metrics = new RuntimeMetricsProbe();
        var pub = Socket(SocketType.Pub, new SocketOptions { Linger = TimeSpan.Zero, SendHighWaterMark = 10, MetricsIncludeEndpoint = true });
        var endpoint = await pub.BindAsync(LocalEndpoint(transport));
        var sub = Socket(SocketType.Sub, new SocketOptions { Linger = TimeSpan.Zero, ReceiveHighWaterMark = 10 });
        await sub.ConnectAsync(endpoint);
        sub.Subscribe("");
        await AwaitSubscribedAsync(pub, sub);
        var tag = $"endpoint={endpoint}";
        var sentBefore = metrics.Read("runtime_actors.messages.sent", tag);
        var droppedBefore = metrics.Read("runtime_actors.messages.dropped", tag);

        // The subscriber reads nothing while the publisher floods: no send blocks (each would throw EAGAIN after the timeout).
        const int Count = 5000;
        var payload = new byte[PayloadSize];
        for (var i = 0; i < Count; i++)
        {
            await pub.SendAsync(Numbered(i, payload, routed: false));
        }

        var handed = metrics.Read("runtime_actors.messages.sent", tag) - sentBefore;
        var dropped = metrics.Read("runtime_actors.messages.dropped", tag) - droppedBefore;
        Output.WriteLine($"PUB over {transport}: {Count} published, {handed} queued for the subscriber, {dropped} dropped");
        Assert.Equal(Count, handed + dropped);
        Assert.True(dropped > 0, "the publisher dropped nothing");

        // What was queued for the subscriber arrives, in order; what was dropped never does.
        var previous = -1;
        for (var i = 0; i < handed; i++)
        {
            var number = BinaryPrimitives.ReadInt32BigEndian((await ReceiveAsync(sub))[0].Span);
            Assert.True(number > previous, $"{number} after {previous}");
            previous = number;
        }

        AssertNothingReceived(sub);
    }

    private static ZMessage Numbered(int number, byte[] payload, bool routed)
    {
        var header = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(header, number);
        return routed ? ZMessage.FromFrames("consumer"u8.ToArray(), header, payload) : ZMessage.FromFrames(header, payload);
    }

    /// <summary>Sends the probe numbered -1 until the ROUTER knows the consumer (EHOSTUNREACH until then), and reads it back.</summary>
    private async Task AwaitRoutableAsync(ZSocket router, ZSocket consumer)
    {
        await AwaitAssertAsync(
            async () =>
            {
                var error = await Record.ExceptionAsync(() => router.SendAsync(Numbered(-1, [], routed: true)).AsTask());
                Assert.Null(error);
            },
            Patience,
            TimeSpan.FromMilliseconds(10));
        Assert.Equal(-1, BinaryPrimitives.ReadInt32BigEndian((await ReceiveAsync(consumer))[0].Span));
    }

    /// <summary>Sends probes until one reaches the subscriber (the "slow joiner"), then drains them.</summary>
    private static async Task AwaitSubscribedAsync(ZSocket publisher, ZSocket subscriber)
    {
        var deadline = DateTime.UtcNow + Patience;
        var probe = BitConverter.GetBytes(-1);
        while (true)
        {
            await publisher.SendAsync(ZMessage.FromFrames(probe));
            if (subscriber.TryReceive(out _, TimeSpan.FromMilliseconds(20)))
            {
                while (subscriber.TryReceive(out _, TimeSpan.FromMilliseconds(50)))
                {
                }

                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "the subscription did not reach the publisher");
        }
    }
}
