using static RuntimeActors.Tests.Sockets.CoreHarness;

namespace RuntimeActors.Tests.Sockets;

/// <summary>XPUB's subscription reports respect RCVHWM as messages do: a subscription waits for room before it is acted on.</summary>
public class XPubBackpressureTests
{
    [Fact]
    public async Task A_subscription_waits_while_the_reports_are_at_the_receive_high_water_mark()
    {
        // Regression: reports were queued whatever the mark, so a peer flooding an XPUB nobody read grew it without bound.
        var xpub = Core(SocketType.XPub, o => o.ReceiveHighWaterMark = 2);
        var sub = ConnectedPipe(xpub, SocketType.Sub);
        Assert.True(xpub.OnSubscriptionAsync(sub, true, "a"u8.ToArray(), CancellationToken.None).AsTask().IsCompletedSuccessfully);
        Assert.True(xpub.OnSubscriptionAsync(sub, true, "b"u8.ToArray(), CancellationToken.None).AsTask().IsCompletedSuccessfully);

        var third = xpub.OnSubscriptionAsync(sub, true, "c"u8.ToArray(), CancellationToken.None).AsTask();

        Assert.False(third.IsCompleted);
        Assert.Equal(2, sub.Subscriptions.Count);
        Assert.Equal([1, (byte)'a'], (await xpub.ReceiveAsync(Patience, CancellationToken.None))[0].ToArray());
        Assert.Equal([1, (byte)'b'], (await xpub.ReceiveAsync(Patience, CancellationToken.None))[0].ToArray());
        await third.WaitAsync(Patience);
        Assert.Equal([1, (byte)'c'], (await xpub.ReceiveAsync(Patience, CancellationToken.None))[0].ToArray());
        Assert.Equal(3, sub.Subscriptions.Count);
    }

    [Fact]
    public async Task A_waiting_subscription_ends_with_its_engine()
    {
        var xpub = Core(SocketType.XPub, o => o.ReceiveHighWaterMark = 1);
        var sub = ConnectedPipe(xpub, SocketType.Sub);
        await xpub.OnSubscriptionAsync(sub, true, "a"u8.ToArray(), CancellationToken.None);
        using var stop = new CancellationTokenSource();

        var waiting = xpub.OnSubscriptionAsync(sub, true, "b"u8.ToArray(), stop.Token).AsTask();
        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Patience));
        Assert.Equal(1, sub.Subscriptions.Count);
    }

    [Fact]
    public void Pub_and_an_unbounded_XPub_act_on_subscriptions_at_once()
    {
        var pub = Core(SocketType.Pub, o => o.ReceiveHighWaterMark = 1);
        var xpub = Core(SocketType.XPub, o => o.ReceiveHighWaterMark = 0);
        var toPub = ConnectedPipe(pub, SocketType.Sub);
        var toXPub = ConnectedPipe(xpub, SocketType.Sub);

        for (var i = 0; i < 100; i++)
        {
            Assert.True(pub.OnSubscriptionAsync(toPub, true, BitConverter.GetBytes(i), CancellationToken.None).AsTask().IsCompletedSuccessfully);
            Assert.True(xpub.OnSubscriptionAsync(toXPub, true, BitConverter.GetBytes(i), CancellationToken.None).AsTask().IsCompletedSuccessfully);
        }

        Assert.Equal(100, toPub.Subscriptions.Count);
        Assert.Equal(100, toXPub.Subscriptions.Count);
    }
}
