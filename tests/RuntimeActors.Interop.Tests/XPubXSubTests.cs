using System.Net;
using System.Net.Sockets;

namespace RuntimeActors.Interop.Tests;

/// <summary>
/// XPUB and XSUB against libzmq's, and our SUB against libzmq's XPUB. Subscriptions are visible here, so
/// every step waits for the subscription it depends on instead of warming up. A subscription is a message
/// of one frame: 1 (subscribe) or 0 (cancel), then the topic.
/// </summary>
public sealed class XPubXSubTests(ITestOutputHelper output) : InteropTest(output)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Dotnet_xpub_sees_the_subscriptions_of_a_libzmq_sub_and_publishes_by_them(bool dotnetBinds)
    {
        var xpub = Socket(SocketType.XPub);
        var peer = await StartLinkedPeerAsync(xpub, dotnetBinds, "SUB", "sub:a.", Link, "recv:1", "unsub:a.", "sub:b.", "recv:1");

        Assert.Equal(Subscription(1, "a."), await ReceiveFrameAsync(xpub));
        await SendAsync(xpub, "b.0");
        await SendAsync(xpub, "a.1");
        Assert.Equal(["a.1"], (await peer.ReceivedAsync()).Strings);

        Assert.Equal(Subscription(0, "a."), await ReceiveFrameAsync(xpub));
        Assert.Equal(Subscription(1, "b."), await ReceiveFrameAsync(xpub));
        await SendAsync(xpub, "a.2");
        await SendAsync(xpub, "b.2");
        Assert.Equal(["b.2"], (await peer.ReceivedAsync()).Strings);
        await peer.FinishAsync();
    }

    // libzmq's XSUB does not filter what it receives, so only the .NET XPUB can have kept b.0 and a.2 back.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Dotnet_xpub_publishes_by_the_subscribe_frames_of_a_libzmq_xsub(bool dotnetBinds)
    {
        var xpub = Socket(SocketType.XPub);
        var peer = await StartLinkedPeerAsync(xpub, dotnetBinds, "XSUB", "send:hex:01612e", "recv:1", "send:hex:00612e", "send:hex:01622e", "recv:1");

        Assert.Equal(Subscription(1, "a."), await ReceiveFrameAsync(xpub));
        await SendAsync(xpub, "b.0");
        await SendAsync(xpub, "a.1");
        Assert.Equal(["a.1"], (await peer.ReceivedAsync()).Strings);

        Assert.Equal(Subscription(0, "a."), await ReceiveFrameAsync(xpub));
        Assert.Equal(Subscription(1, "b."), await ReceiveFrameAsync(xpub));
        await SendAsync(xpub, "a.2");
        await SendAsync(xpub, "b.2");
        Assert.Equal(["b.2"], (await peer.ReceivedAsync()).Strings);
        await peer.FinishAsync();
    }

    // Our XSUB does not filter what it receives either, so only libzmq's XPUB can have kept c.0 and a.2 back.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Dotnet_xsub_subscribe_frames_reach_a_libzmq_xpub(bool dotnetBinds)
    {
        var xsub = Socket(SocketType.XSub);
        var peer = await StartLinkedPeerAsync(xsub, dotnetBinds, "XPUB", "recv:2", "send:c.0", "send:a.1", "send:b.1", "recv:1", "send:a.2", "send:b.2");

        await SendAsync(xsub, ZMessage.FromFrames(Subscription(1, "a.")));
        await SendAsync(xsub, ZMessage.FromFrames(Subscription(1, "b.")));
        Assert.Equal([Subscription(1, "a.")], (await peer.ReceivedAsync()).Frames);
        Assert.Equal([Subscription(1, "b.")], (await peer.ReceivedAsync()).Frames);
        Assert.Equal(["a.1"], (await ReceiveAsync(xsub)).GetStrings());
        Assert.Equal(["b.1"], (await ReceiveAsync(xsub)).GetStrings());

        await SendAsync(xsub, ZMessage.FromFrames(Subscription(0, "a.")));
        Assert.Equal([Subscription(0, "a.")], (await peer.ReceivedAsync()).Frames);
        Assert.Equal(["b.2"], (await ReceiveAsync(xsub)).GetStrings());
        await peer.FinishAsync();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Dotnet_sub_subscriptions_reach_a_libzmq_xpub(bool dotnetBinds)
    {
        var sub = Socket(SocketType.Sub);
        sub.Subscribe("a.");
        var peer = await StartLinkedPeerAsync(sub, dotnetBinds, "XPUB", "recv:1", "send:b.0", "send:a.1", "recv:2", "send:a.2", "send:b.2");

        Assert.Equal([Subscription(1, "a.")], (await peer.ReceivedAsync()).Frames);
        Assert.Equal(["a.1"], (await ReceiveAsync(sub)).GetStrings());

        sub.Subscribe("b.");
        sub.Unsubscribe("a.");
        Assert.Equal([Subscription(1, "b.")], (await peer.ReceivedAsync()).Frames);
        Assert.Equal([Subscription(0, "a.")], (await peer.ReceivedAsync()).Frames);
        Assert.Equal(["b.2"], (await ReceiveAsync(sub)).GetStrings());
        await peer.FinishAsync();
    }

    // The publisher comes up after the SUB subscribed, so the subscription waits in the connecting pipe.
    // A verbose XPUB reports every subscription it gets: one sent twice would show, and since libzmq
    // counts them, the one cancellation would leave the topic subscribed.
    [Fact]
    public async Task A_subscription_made_before_the_libzmq_xpub_is_up_reaches_it_once()
    {
        var sub = Socket(SocketType.Sub);
        WatchSocketEvents();
        var endpoint = $"tcp://127.0.0.1:{FreeLoopbackPort()}";
        await sub.ConnectAsync(endpoint);
        await ExpectSocketEventAsync(sub, SocketEventKind.ConnectDelayed);
        sub.Subscribe("a.");

        var peer = StartPeer("XPUB", "opt:XPUB_VERBOSE=1", $"bind:{endpoint}", "recv:2");
        await peer.BoundAsync();
        Assert.Equal([Subscription(1, "a.")], (await peer.ReceivedAsync()).Frames);
        sub.Unsubscribe("a.");
        Assert.Equal([Subscription(0, "a.")], (await peer.ReceivedAsync()).Frames);
        await peer.FinishAsync();
    }

    // The port is free when probed; nothing else on a test machine is expected to grab it before the peer binds.
    private static int FreeLoopbackPort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private static async Task<byte[]> ReceiveFrameAsync(ZSocket socket) => Assert.Single(await ReceiveAsync(socket)).ToArray();
}
