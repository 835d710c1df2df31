using RuntimeActors.Pipes;
using static RuntimeActors.Tests.Sockets.CoreHarness;

namespace RuntimeActors.Tests.Sockets;

/// <summary>MaxSubscriptionsPerPeer and MaxSubscriptionBytesPerPeer on PUB and XPUB: one peer cannot make a publisher hold its topics without bound.</summary>
public class SubscriptionLimitTests
{
    [Theory]
    [InlineData(SocketType.Pub)]
    [InlineData(SocketType.XPub)]
    public void A_peer_past_MaxSubscriptionsPerPeer_is_refused_with_ENOBUFS_naming_the_bound(SocketType type)
    {
        var pub = Core(type, o => o.MaxSubscriptionsPerPeer = 3);
        var sub = ConnectedPipe(pub, SocketType.Sub);
        pub.OnSubscription(sub, true, "a"u8.ToArray());
        pub.OnSubscription(sub, true, "b"u8.ToArray());
        pub.OnSubscription(sub, true, "c"u8.ToArray());
        // Another subscription of a prefix it has costs only a count.
        pub.OnSubscription(sub, true, "a"u8.ToArray());

        var error = Assert.Throws<ZmqException>(() => pub.OnSubscription(sub, true, "d"u8.ToArray()));

        Assert.Equal(ZmqError.NoBufferSpace, error.Error);
        Assert.Contains("more than 3 distinct topic prefixes (MaxSubscriptionsPerPeer)", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, sub.Subscriptions.Count);
        pub.TrySend(ZMessage.FromStrings("d1"));
        pub.TrySend(ZMessage.FromStrings("c1"));
        Assert.Equal(["c1"], DrainStrings(sub));
    }

    [Fact]
    public void A_cancelled_prefix_frees_its_place_under_the_bound()
    {
        var pub = Core(SocketType.Pub, o => o.MaxSubscriptionsPerPeer = 1);
        var sub = ConnectedPipe(pub, SocketType.Sub);
        pub.OnSubscription(sub, true, "a"u8.ToArray());
        pub.OnSubscription(sub, false, "a"u8.ToArray());

        pub.OnSubscription(sub, true, "b"u8.ToArray());

        pub.TrySend(ZMessage.FromStrings("b1"));
        Assert.Equal(["b1"], DrainStrings(sub));
    }

    [Theory]
    [InlineData(SocketType.Pub)]
    [InlineData(SocketType.XPub)]
    public void A_peer_past_MaxSubscriptionBytesPerPeer_is_refused_with_ENOBUFS_naming_the_bound(SocketType type)
    {
        var pub = Core(type, o => o.MaxSubscriptionBytesPerPeer = 10);
        var sub = ConnectedPipe(pub, SocketType.Sub);
        pub.OnSubscription(sub, true, "abcde"u8.ToArray());
        pub.OnSubscription(sub, true, "fghij"u8.ToArray());

        var error = Assert.Throws<ZmqException>(() => pub.OnSubscription(sub, true, "k"u8.ToArray()));

        Assert.Equal(ZmqError.NoBufferSpace, error.Error);
        Assert.Contains("11 bytes of topic prefixes, over the 10 of MaxSubscriptionBytesPerPeer", error.Message, StringComparison.Ordinal);
        Assert.Equal(10, sub.Subscriptions.Bytes);
    }

    [Fact]
    public void One_prefix_longer_than_the_byte_bound_is_refused_on_its_own()
    {
        var pub = Core(SocketType.Pub, o => o.MaxSubscriptionBytesPerPeer = 10);
        var sub = ConnectedPipe(pub, SocketType.Sub);

        var error = Assert.Throws<ZmqException>(() => pub.OnSubscription(sub, true, new byte[11]));

        Assert.Contains("MaxSubscriptionBytesPerPeer", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, sub.Subscriptions.Count);
    }

    [Fact]
    public void XPub_reports_no_subscription_past_the_bound()
    {
        var xpub = Core(SocketType.XPub, o => o.MaxSubscriptionsPerPeer = 1);
        var sub = ConnectedPipe(xpub, SocketType.Sub);
        xpub.OnSubscription(sub, true, "a"u8.ToArray());
        Assert.Throws<ZmqException>(() => xpub.OnSubscription(sub, true, "b"u8.ToArray()));

        Assert.True(xpub.TryReceive(out var report));
        Assert.Equal([1, (byte)'a'], report[0].ToArray());
        Assert.False(xpub.TryReceive(out _));
    }

    [Fact]
    public void The_bounds_are_per_peer_and_zero_means_none()
    {
        var pub = Core(SocketType.Pub, o => (o.MaxSubscriptionsPerPeer, o.MaxSubscriptionBytesPerPeer) = (2, 0));
        var a = ConnectedPipe(pub, SocketType.Sub);
        var b = ConnectedPipe(pub, SocketType.Sub);
        foreach (var pipe in new[] { a, b })
        {
            pub.OnSubscription(pipe, true, "x"u8.ToArray());
            pub.OnSubscription(pipe, true, new byte[100_000]);
            Assert.Equal(2, pipe.Subscriptions.Count);
        }

        var unbounded = Core(SocketType.Pub, o => (o.MaxSubscriptionsPerPeer, o.MaxSubscriptionBytesPerPeer) = (0, 0));
        var c = ConnectedPipe(unbounded, SocketType.Sub);
        for (var i = 0; i < 1000; i++)
        {
            unbounded.OnSubscription(c, true, BitConverter.GetBytes(i));
        }

        Assert.Equal(1000, c.Subscriptions.Count);
    }

    [Fact]
    public void The_defaults_are_generous_and_negative_bounds_are_refused()
    {
        var options = new SocketOptions();
        Assert.Equal(100_000, options.MaxSubscriptionsPerPeer);
        Assert.Equal(16 * 1024 * 1024, options.MaxSubscriptionBytesPerPeer);
        Assert.Equal(0, options.MaxConnections);

        Assert.Throws<ZmqException>(() => new SocketOptions { MaxSubscriptionsPerPeer = -1 }.Validated());
        Assert.Throws<ZmqException>(() => new SocketOptions { MaxSubscriptionBytesPerPeer = -1 }.Validated());
        Assert.Throws<ZmqException>(() => new SocketOptions { MaxConnections = -1 }.Validated());
    }

    [Fact]
    public void A_subscription_set_counts_the_bytes_of_its_distinct_prefixes()
    {
        var set = new SubscriptionSet();
        set.Add("ab"u8);
        set.Add("ab"u8);
        set.Add("cde"u8);
        Assert.Equal(5, set.Bytes);

        set.Remove("ab"u8);
        Assert.Equal(5, set.Bytes);
        set.Remove("ab"u8);
        Assert.Equal(3, set.Bytes);
        set.Clear();
        Assert.Equal(0, set.Bytes);
    }
}
