using RuntimeActors.Sockets;
using RuntimeActors.TestKit;
using static RuntimeActors.Tests.Engine.EngineTestKit;
using static RuntimeActors.Tests.Engine.ZmtpEngineTransferTests;

namespace RuntimeActors.Tests.Engine;

/// <summary>Subscriptions on the wire as libzmq 4.3.4 puts them there (checked against libzmq5 4.3.4-6).</summary>
public class ZmtpEngineSubscriptionTests
{
    [Fact]
    public async Task A_ZMTP_3_1_peer_is_sent_SUBSCRIBE_and_CANCEL_commands()
    {
        var (engine, peer) = await HandshakenAsync(SocketType.Sub, "PUB");
        var pipe = NewPipe();
        _ = engine.RunAsync(pipe, new FakeEngineHost(), CancellationToken.None);

        pipe.Outbound.TryWrite(ZMessage.Subscription(true, Bytes("abc")));
        pipe.Outbound.TryWrite(ZMessage.Subscription(false, Bytes("abc")));
        pipe.Outbound.TryWrite(ZMessage.Subscription(true, ReadOnlyMemory<byte>.Empty));

        Assert.Equal([0x04, 0x0D, 0x09, .. "SUBSCRIBE"u8, .. "abc"u8], await peer.ReceiveAsync(15));
        Assert.Equal([0x04, 0x0A, 0x06, .. "CANCEL"u8, .. "abc"u8], await peer.ReceiveAsync(12));
        Assert.Equal([0x04, 0x0A, 0x09, .. "SUBSCRIBE"u8], await peer.ReceiveAsync(12));
    }

    [Fact]
    public async Task A_ZMTP_3_0_peer_works_and_is_sent_subscriptions_as_messages()
    {
        var (engine, peer) = await HandshakenAsync(SocketType.XSub, "PUB", minor: 0);
        var pipe = NewPipe();
        var host = new FakeEngineHost();
        _ = engine.RunAsync(pipe, host, CancellationToken.None);
        Assert.Equal(0, engine.Peer!.ZmtpMinorVersion);

        pipe.Outbound.TryWrite(ZMessage.Subscription(true, Bytes("abc")));
        pipe.Outbound.TryWrite(ZMessage.Subscription(false, Bytes("abc")));
        await peer.SendAsync(ZmtpTestFrames.Frame(Bytes("abc-news")));

        Assert.Equal([0x00, 0x04, 0x01, .. "abc"u8], await peer.ReceiveAsync(6));
        Assert.Equal([0x00, 0x04, 0x00, .. "abc"u8], await peer.ReceiveAsync(6));
        Assert.Equal("abc-news", (await host.NextDeliveryAsync()).GetString(0));
    }

    [Fact]
    public async Task A_publisher_takes_SUBSCRIBE_and_CANCEL_commands()
    {
        var (engine, peer) = await HandshakenAsync(SocketType.Pub, "SUB");
        var host = new FakeEngineHost();
        _ = engine.RunAsync(NewPipe(), host, CancellationToken.None);

        await peer.SendAsync(
            ZmtpTestFrames.Command("SUBSCRIBE", Bytes("abc")),
            ZmtpTestFrames.Command("CANCEL", Bytes("abc")),
            ZmtpTestFrames.Command("SUBSCRIBE", []),
            ZmtpTestFrames.Command("SUBSCRIBE", Pattern(300)));

        AssertSubscription(true, Bytes("abc"), await host.NextSubscriptionAsync());
        AssertSubscription(false, Bytes("abc"), await host.NextSubscriptionAsync());
        AssertSubscription(true, Array.Empty<byte>(), await host.NextSubscriptionAsync());
        AssertSubscription(true, Pattern(300), await host.NextSubscriptionAsync());
        Assert.False(host.HasDelivery);
    }

    [Fact]
    public async Task A_publisher_takes_subscription_messages_from_a_ZMTP_3_0_peer()
    {
        var (engine, peer) = await HandshakenAsync(SocketType.Pub, "SUB", minor: 0);
        var host = new FakeEngineHost();
        _ = engine.RunAsync(NewPipe(), host, CancellationToken.None);

        await peer.SendAsync(ZmtpTestFrames.Frame([1, .. "abc"u8]), ZmtpTestFrames.Frame([0, .. "abc"u8]));

        AssertSubscription(true, Bytes("abc"), await host.NextSubscriptionAsync());
        AssertSubscription(false, Bytes("abc"), await host.NextSubscriptionAsync());
    }

    [Fact]
    public async Task An_XPUB_takes_subscription_messages_from_a_ZMTP_3_1_peer_like_libzmq_XSUB_sends_them()
    {
        var (engine, peer) = await HandshakenAsync(SocketType.XPub, "XSUB");
        var host = new FakeEngineHost();
        _ = engine.RunAsync(NewPipe(), host, CancellationToken.None);

        await peer.SendAsync(
            ZmtpTestFrames.Frame([1, .. "abc"u8]),
            ZmtpTestFrames.Frame([2, .. "not a subscription"u8]),
            ZmtpTestFrames.Frame([1, .. "two"u8], more: true),
            ZmtpTestFrames.Frame(Bytes("frames")),
            ZmtpTestFrames.Frame([0, .. "abc"u8]));

        AssertSubscription(true, Bytes("abc"), await host.NextSubscriptionAsync());
        AssertSubscription(false, Bytes("abc"), await host.NextSubscriptionAsync());

        // Anything else reaches the XPUB as data, in order.
        Assert.Equal([2, .. "not a subscription"u8], (await host.NextDeliveryAsync())[0].ToArray());
        AssertFrames([[1, .. "two"u8], Bytes("frames")], await host.NextDeliveryAsync());
        Assert.False(host.HasSubscription);
    }

    [Fact]
    public async Task Other_sockets_take_1_and_0_messages_and_subscription_commands_as_nothing_special()
    {
        var (engine, peer) = await HandshakenAsync(SocketType.Sub, "PUB");
        var host = new FakeEngineHost();
        _ = engine.RunAsync(NewPipe(), host, CancellationToken.None);

        await peer.SendAsync(ZmtpTestFrames.Command("SUBSCRIBE", Bytes("abc")), ZmtpTestFrames.Frame([1, .. "abc"u8]));

        Assert.Equal([1, .. "abc"u8], (await host.NextDeliveryAsync())[0].ToArray());
        Assert.False(host.HasSubscription);
    }

    [Fact]
    public async Task A_subscriber_engine_subscribes_a_publisher_engine()
    {
        var pair = new DuplexPipePair();
        var sub = NewEngine(pair.Engine, Options(SocketType.Sub));
        var pub = NewEngine(pair.Peer, Options(SocketType.Pub));
        await Task.WhenAll(sub.HandshakeAsync(CancellationToken.None), pub.HandshakeAsync(CancellationToken.None)).Within();
        var subPipe = NewPipe();
        var pubHost = new FakeEngineHost();
        _ = sub.RunAsync(subPipe, new FakeEngineHost(), CancellationToken.None);
        _ = pub.RunAsync(NewPipe(), pubHost, CancellationToken.None);

        subPipe.Outbound.TryWrite(ZMessage.Subscription(true, Bytes("weather")));

        AssertSubscription(true, Bytes("weather"), await pubHost.NextSubscriptionAsync());
    }

    private static void AssertSubscription(bool subscribe, byte[] topic, (bool Subscribe, byte[] Topic) actual)
    {
        Assert.Equal(subscribe, actual.Subscribe);
        Assert.Equal(topic, actual.Topic);
    }
}
