namespace RuntimeActors.Interop.Tests.Pgm;

/// <summary>
/// PUB and SUB over epgm (PGM in UDP, zmq_pgm(7)) against libzmq 4.3.4 and its OpenPGM, on 127.0.0.1 multicast. A PGM
/// receiver starts at the first packet it sees, so each test first has the publisher repeat a warm-up message until
/// the subscriber gets one; everything after that arrives in order. Subscriptions never cross the wire: each SUB
/// filters what the group carries.
/// </summary>
public sealed class EpgmPubSubTests(ITestOutputHelper output) : InteropTest(output)
{
    /// <summary>ZMQ_RATE of both ends, in kbit/s: high enough that the rate limit does not slow the tests.</summary>
    private const int Rate = 100_000;

    /// <summary>Larger than one TPDU (1500 bytes), so the message spans APDUs; and one far larger.</summary>
    private const int Large = 4_000;
    private const int Huge = 200_000;

    [Fact]
    public async Task Dotnet_pub_reaches_a_libzmq_sub_by_prefix_with_multipart_and_messages_over_one_tpdu()
    {
        var endpoint = MulticastEndpoints.Next();
        var peer = StartPeer("SUB", $"opt:RATE={Rate}", "sub:a.", "sub:b.", $"connect:{endpoint}", "until:a.ready", "recv:4");
        var pub = Socket(SocketType.Pub, options => options.MulticastRate = Rate);
        await pub.ConnectAsync(endpoint);

        await WarmUpAsync(pub, peer);
        await SendAsync(pub, "c.filtered by the subscriber");
        await SendAsync(pub, "a.multi", "part two", "part three");
        await SendAsync(pub, ZMessage.FromFrames(Bytes("b.large"), Filled(Large)));
        await SendAsync(pub, ZMessage.FromFrames(Bytes("b.huge"), Filled(Huge), Bytes("tail")));
        await SendAsync(pub, "a.last");

        Assert.Equal(["a.multi", "part two", "part three"], (await peer.ReceivedAsync()).Strings);
        AssertFrames(await peer.ReceivedAsync(), "b.large", Large);
        var huge = await peer.ReceivedAsync();
        AssertFrames(huge, "b.huge", Huge);
        Assert.Equal("tail", huge.Strings[2]);
        Assert.Equal(["a.last"], (await peer.ReceivedAsync()).Strings);
        await peer.FinishAsync();
    }

    [Fact]
    public async Task Libzmq_pub_reaches_a_dotnet_sub_by_prefix_with_multipart_and_messages_over_one_tpdu()
    {
        var endpoint = MulticastEndpoints.Next();
        var sub = Socket(SocketType.Sub, options => options.MulticastRate = Rate);
        sub.Subscribe("a.");
        sub.Subscribe("b.");
        await sub.ConnectAsync(endpoint);
        var peer = StartPeer(
            "PUB",
            $"opt:RATE={Rate}",
            $"connect:{endpoint}",
            "repeat:a.warm-up",
            "send:a.ready",
            "send:c.filtered by the subscriber",
            "send:a.multi|part two|part three",
            $"send:b.large|big:{Large}",
            $"send:b.huge|big:{Huge}|tail",
            "send:a.last");

        await ReceiveWarmUpAsync(sub, peer);
        Assert.Equal(["a.multi", "part two", "part three"], (await ReceiveAsync(sub)).GetStrings());
        var large = await ReceiveAsync(sub);
        Assert.Equal("b.large", large.GetString(0));
        Assert.Equal(Filled(Large), large[1].ToArray());
        var huge = await ReceiveAsync(sub);
        Assert.Equal(3, huge.Count);
        Assert.Equal(Filled(Huge), huge[1].ToArray());
        Assert.Equal("tail", huge.GetString(2));
        Assert.Equal(["a.last"], (await ReceiveAsync(sub)).GetStrings());
        await peer.FinishAsync();
    }

    [Fact]
    public async Task Ten_thousand_messages_from_a_dotnet_pub_reach_a_libzmq_sub_in_order()
    {
        var endpoint = MulticastEndpoints.Next();
        var peer = StartPeer("SUB", $"opt:RATE={Rate}", "sub:", $"connect:{endpoint}", "until:a.ready", "ordered:10000:64");
        var pub = Socket(SocketType.Pub, options => options.MulticastRate = Rate);
        await pub.ConnectAsync(endpoint);

        await WarmUpAsync(pub, peer);
        await FloodAsync(pub, 10_000, 64);

        Assert.Equal("10000", (await peer.ExpectAsync("ordered")).Text);
        await peer.FinishAsync();
    }

    [Fact]
    public async Task Ten_thousand_messages_from_a_libzmq_pub_reach_a_dotnet_sub_in_order()
    {
        var endpoint = MulticastEndpoints.Next();
        var sub = Socket(SocketType.Sub, options => options.MulticastRate = Rate);
        sub.Subscribe(string.Empty);
        await sub.ConnectAsync(endpoint);
        var peer = StartPeer("PUB", $"opt:RATE={Rate}", $"connect:{endpoint}", "repeat:a.warm-up", "send:a.ready", "flood:10000:64:60000");

        await ReceiveWarmUpAsync(sub, peer);
        await ExpectOrderedAsync(sub, 10_000, 64);
        await peer.ExpectAsync("flooded");
        await peer.FinishAsync();
    }

    [Fact]
    public async Task A_bound_dotnet_pub_works_as_a_connected_one_and_an_xpub_reports_no_subscriptions()
    {
        // zmq_bind(3) on pgm joins the group as connect does; an XPUB hears of no subscriber, since none crosses PGM,
        // yet sends to the group: its pipe is subscribed to everything without a report.
        var endpoint = MulticastEndpoints.Next();
        var peer = StartPeer("SUB", $"opt:RATE={Rate}", "sub:a.", $"connect:{endpoint}", "until:a.ready", "recv:1");
        var xpub = Socket(SocketType.XPub, options => options.MulticastRate = Rate);
        Assert.Equal(endpoint, await xpub.BindAsync(endpoint));

        await WarmUpAsync(xpub, peer);
        await SendAsync(xpub, "a.after");
        Assert.Equal(["a.after"], (await peer.ReceivedAsync()).Strings);
        Assert.Equal(0, (await xpub.GetStatusAsync()).InboundQueued);
        await peer.FinishAsync();
    }

    private static byte[] Filled(int size) => Enumerable.Repeat((byte)'x', size).ToArray();

    private static void AssertFrames(PeerEvent received, string first, int secondSize)
    {
        Assert.Equal(first, received.Strings[0]);
        Assert.Equal(Filled(secondSize), received.Frames[1]);
    }
}
