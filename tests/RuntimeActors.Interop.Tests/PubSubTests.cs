namespace RuntimeActors.Interop.Tests;

/// <summary>
/// PUB and SUB against libzmq's. A subscription takes effect at the publisher some time after it is made,
/// and nothing tells a PUB when: so each test first has its publisher repeat a warm-up message until the
/// subscriber gets one, then sends a ready marker behind which every later message is in order. Both
/// libzmq's SUB and ours also filter locally; the XPUB/XSUB tests show the publishers' own filtering.
/// </summary>
public sealed class PubSubTests(ITestOutputHelper output) : InteropTest(output)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Dotnet_pub_reaches_a_libzmq_sub_by_prefix_until_it_unsubscribes(bool dotnetBinds)
    {
        var pub = Socket(SocketType.Pub);
        var peer = await StartLinkedPeerAsync(
            pub, dotnetBinds, "SUB", "sub:a.", "sub:b.", Link, "until:a.ready", "recv:2", "unsub:a.", "mark:unsubscribed", "until:b.done");

        await WarmUpAsync(pub, peer);
        await SendAsync(pub, "c.not-subscribed");
        await SendAsync(pub, "a.1", "second frame");
        await SendAsync(pub, "b.1");
        Assert.Equal(["a.1", "second frame"], (await peer.ReceivedAsync()).Strings);
        Assert.Equal(["b.1"], (await peer.ReceivedAsync()).Strings);

        await peer.ExpectAsync("mark");
        await SendAsync(pub, "a.2");
        await SendAsync(pub, "b.2");
        await SendAsync(pub, "b.done");
        Assert.Equal(["b.2"], (await peer.ReceivedAsync()).Strings);
        Assert.Equal(["b.done"], (await peer.ReceivedAsync()).Strings);
        await peer.FinishAsync();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Libzmq_pub_reaches_a_dotnet_sub_by_prefix_until_it_unsubscribes(bool dotnetBinds)
    {
        var sub = Socket(SocketType.Sub);
        sub.Subscribe("a.");
        sub.Subscribe("b.");
        var peer = await StartLinkedPeerAsync(
            sub, dotnetBinds, "PUB", "repeat:a.warm-up", "send:a.ready", "send:c.not-subscribed", "send:a.1|second frame", "send:b.1", "wait:unsubscribed", "send:a.2", "send:b.2");

        while (await TryReceiveAsync(sub, WarmUpPace) is null)
        {
            await peer.TellAsync("again");
        }

        await peer.TellAsync("stop");
        await SkipWarmUpAsync(sub);
        Assert.Equal(["a.1", "second frame"], (await ReceiveAsync(sub)).GetStrings());
        Assert.Equal(["b.1"], (await ReceiveAsync(sub)).GetStrings());

        sub.Unsubscribe("a.");
        await peer.TellAsync("unsubscribed");
        Assert.Equal(["b.2"], (await ReceiveAsync(sub)).GetStrings());
        await peer.FinishAsync();
    }
}
