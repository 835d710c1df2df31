using NetMQ.Sockets;
using Xunit.Sdk;

namespace RuntimeActors.Interop.Tests.NetMQ;

/// <summary>
/// PUB and SUB, and XPUB and XSUB where a subscription must be seen on its own, against NetMQ's, whose ZMTP 3.0
/// subscriptions are messages of one frame, 1 (subscribe) or 0 (cancel) then the topic, where libzmq 4.3.4
/// sends SUBSCRIBE and CANCEL commands. A publisher learns of a subscription some time after it is made and
/// tells nobody when, so where it is not visible the publisher repeats a warm-up message until the subscriber
/// gets one, then sends a ready marker behind which every later message is in order. SUBs filter locally too:
/// only the XSUB and XPUB tests show what the publishers themselves kept back.
/// </summary>
[Collection(NetMQCollection.Name)]
public sealed class NetMQPubSubTests(ITestOutputHelper output) : NetMQTest(output)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Dotnet_pub_reaches_a_netmq_sub_by_prefix_until_it_unsubscribes(bool dotnetBinds)
    {
        var pub = Socket(SocketType.Pub);
        var sub = await NetMQAsync(() => new SubscriberSocket());
        await sub.RunAsync(s =>
        {
            s.Subscribe("weather.");
            s.Subscribe("news.");
        });
        await LinkAsync(pub, sub, dotnetBinds);

        await WarmUpAsync(() => SendAsync(pub, "weather.warm-up"), () => sub.TryReceiveAsync(WarmUpPace), "weather.");
        await SendAsync(pub, "weather.ready");
        await SkipWarmUpAsync(sub, "weather.");
        await SendAsync(pub, "sports");
        await SendAsync(pub, "weather.paris", "21 °C");
        await SendAsync(pub, "news.paris");
        Assert.Equal(["weather.paris", "21 °C"], await sub.ReceiveStringsAsync());
        Assert.Equal(["news.paris"], await sub.ReceiveStringsAsync());

        await sub.RunAsync(s => s.Unsubscribe("weather."));
        await SendAsync(pub, "weather.rome");
        await SendAsync(pub, "news.done");
        Assert.Equal(["news.done"], await sub.ReceiveStringsAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Netmq_pub_reaches_a_dotnet_sub_by_prefix_until_it_unsubscribes(bool dotnetBinds)
    {
        var sub = Socket(SocketType.Sub);
        sub.Subscribe("weather.");
        sub.Subscribe("news.");
        var pub = await NetMQAsync(() => new PublisherSocket());
        await LinkAsync(sub, pub, dotnetBinds);

        await WarmUpAsync(() => pub.SendAsync("weather.warm-up"), async () => Frames(await TryReceiveAsync(sub, WarmUpPace)), "weather.");
        await pub.SendAsync("weather.ready");
        await SkipWarmUpAsync(sub, "weather.");
        await pub.SendAsync("sports");
        await pub.SendAsync("weather.paris", "21 °C");
        await pub.SendAsync("news.paris");
        Assert.Equal(["weather.paris", "21 °C"], (await ReceiveAsync(sub)).GetStrings());
        Assert.Equal(["news.paris"], (await ReceiveAsync(sub)).GetStrings());

        sub.Unsubscribe("weather.");
        await pub.SendAsync("weather.rome");
        await pub.SendAsync("news.done");
        Assert.Equal(["news.done"], (await ReceiveAsync(sub)).GetStrings());
    }

    // NetMQ's XSUB does not filter what it receives, so only our PUB can have kept sports and weather.rome back;
    // and the subscribe to news. behind the cancel of weather., once it shows, says the cancel has been taken.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Dotnet_pub_filters_by_the_subscribe_and_cancel_messages_of_a_netmq_xsub(bool dotnetBinds)
    {
        var pub = Socket(SocketType.Pub);
        var xsub = await NetMQAsync(() => new XSubscriberSocket());
        await LinkAsync(pub, xsub, dotnetBinds);

        await xsub.SendAsync(Subscription(1, "weather."));
        await WarmUpAsync(() => SendAsync(pub, "weather.warm-up"), () => xsub.TryReceiveAsync(WarmUpPace), "weather.");
        await SendAsync(pub, "weather.ready");
        await SkipWarmUpAsync(xsub, "weather.");
        await SendAsync(pub, "sports");
        await SendAsync(pub, "weather.paris");
        Assert.Equal(["weather.paris"], await xsub.ReceiveStringsAsync());

        await xsub.SendAsync(Subscription(0, "weather."));
        await xsub.SendAsync(Subscription(1, "news."));
        await WarmUpAsync(() => SendAsync(pub, "news.warm-up"), () => xsub.TryReceiveAsync(WarmUpPace), "news.");
        await SendAsync(pub, "news.ready");
        await SkipWarmUpAsync(xsub, "news.");
        await SendAsync(pub, "weather.rome");
        await SendAsync(pub, "news.done");
        Assert.Equal(["news.done"], await xsub.ReceiveStringsAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Dotnet_xpub_sees_the_subscriptions_of_a_netmq_sub_and_publishes_by_them(bool dotnetBinds)
    {
        var xpub = Socket(SocketType.XPub);
        var sub = await NetMQAsync(() => new SubscriberSocket());
        await LinkAsync(xpub, sub, dotnetBinds);

        await sub.RunAsync(s => s.Subscribe("weather."));
        Assert.Equal([Subscription(1, "weather.")], await FirstSubscriptionAsync(xpub, sub));
        await SendAsync(xpub, "sports");
        await SendAsync(xpub, "weather.paris");
        Assert.Equal(["weather.paris"], await sub.ReceiveStringsAsync());

        await sub.RunAsync(s =>
        {
            s.Unsubscribe("weather.");
            s.Subscribe("news.");
        });
        Assert.Equal([Subscription(0, "weather.")], Frames(await ReceiveAsync(xpub)));
        Assert.Equal([Subscription(1, "news.")], Frames(await ReceiveAsync(xpub)));
        await SendAsync(xpub, "weather.rome");
        await SendAsync(xpub, "news.done");
        Assert.Equal(["news.done"], await sub.ReceiveStringsAsync());
    }

    // What NetMQ's XPUB hands its user is what came on the wire: our SUB must have sent the ZMTP 3.0 form.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Dotnet_sub_sends_a_netmq_xpub_its_subscriptions_as_zmtp_3_0_messages(bool dotnetBinds)
    {
        var sub = Socket(SocketType.Sub);
        var xpub = await NetMQAsync(() => new XPublisherSocket());
        await LinkAsync(sub, xpub, dotnetBinds);

        sub.Subscribe("weather.");
        Assert.Equal([Subscription(1, "weather.")], await xpub.ReceiveAsync());
        await xpub.SendAsync("sports");
        await xpub.SendAsync("weather.paris");
        Assert.Equal(["weather.paris"], (await ReceiveAsync(sub)).GetStrings());

        sub.Unsubscribe("weather.");
        sub.Subscribe("news.");
        Assert.Equal([Subscription(0, "weather.")], await xpub.ReceiveAsync());
        Assert.Equal([Subscription(1, "news.")], await xpub.ReceiveAsync());
        await xpub.SendAsync("weather.rome");
        await xpub.SendAsync("news.done");
        Assert.Equal(["news.done"], (await ReceiveAsync(sub)).GetStrings());
    }

    /// <summary>Repeats a warm-up until one (under <paramref name="prefix"/>) is received, failing after the patience.</summary>
    private static async Task WarmUpAsync(Func<Task> send, Func<Task<byte[][]?>> tryReceive, string prefix)
    {
        var end = DateTime.UtcNow + Patience;
        byte[][]? first;
        do
        {
            if (DateTime.UtcNow > end)
            {
                throw new XunitException($"No {prefix}warm-up got through within {Patience.TotalSeconds:0} s.");
            }

            await send();
            first = await tryReceive();
        }
        while (first is null);

        Assert.Equal([Bytes($"{prefix}warm-up")], first);
    }

    /// <summary>The first subscription <paramref name="xpub"/> gets, with <paramref name="sub"/> taking in its connection meanwhile.</summary>
    private static async Task<byte[][]> FirstSubscriptionAsync(ZSocket xpub, NetMQPeer<SubscriberSocket> sub)
    {
        var end = DateTime.UtcNow + Patience;
        ZMessage? subscription;
        while ((subscription = await TryReceiveAsync(xpub, WarmUpPace)) is null)
        {
            if (DateTime.UtcNow > end)
            {
                throw new XunitException($"The .NET XPUB got no subscription within {Patience.TotalSeconds:0} s.");
            }

            await sub.TakeInAsync();
        }

        return Frames(subscription)!;
    }

    private static async Task SkipWarmUpAsync<TSocket>(NetMQPeer<TSocket> subscriber, string prefix)
        where TSocket : global::NetMQ.NetMQSocket
    {
        string[] next;
        while ((next = await subscriber.ReceiveStringsAsync())[0] != $"{prefix}ready")
        {
            Assert.Equal([$"{prefix}warm-up"], next);
        }
    }

    private static async Task SkipWarmUpAsync(ZSocket subscriber, string prefix)
    {
        ZMessage next;
        while ((next = await ReceiveAsync(subscriber)).GetString(0) != $"{prefix}ready")
        {
            Assert.Equal([$"{prefix}warm-up"], next.GetStrings());
        }
    }

    private static byte[][]? Frames(ZMessage? message) => message is null ? null : [.. message.Select(frame => frame.ToArray())];
}
