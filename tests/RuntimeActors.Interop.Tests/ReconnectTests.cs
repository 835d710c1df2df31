namespace RuntimeActors.Interop.Tests;

/// <summary>
/// A connecting socket outlives the libzmq peer it connected to: when a new peer binds the same endpoint,
/// the socket reconnects, delivers what it queued meanwhile and replays its subscriptions. Each test waits
/// for our Disconnected event before acting, so that nothing is written to the dead connection.
/// </summary>
public sealed class ReconnectTests(ITestOutputHelper output) : InteropTest(output)
{
    [Fact]
    public async Task A_dotnet_push_delivers_to_a_libzmq_pull_restarted_on_its_endpoint()
    {
        var push = Socket(SocketType.Push);
        WatchSocketEvents();
        var first = await StartLinkedPeerAsync(push, dotnetBinds: false, "PULL", "recv:1");
        await SendAsync(push, "one");
        Assert.Equal(["one"], (await first.ReceivedAsync()).Strings);
        await first.FinishAsync();
        await ExpectSocketEventAsync(push, SocketEventKind.Disconnected);

        await SendAsync(push, "queued while away");
        var second = StartPeer("PULL", $"bind:{push.LastEndpoint}", "recv:2");
        await second.BoundAsync();
        await SendAsync(push, "after");

        Assert.Equal(["queued while away"], (await second.ReceivedAsync()).Strings);
        Assert.Equal(["after"], (await second.ReceivedAsync()).Strings);
        await second.FinishAsync();
    }

    // Verbose XPUBs report every subscription they get, so a subscription replayed twice would show.
    [Fact]
    public async Task A_dotnet_sub_subscribes_a_restarted_libzmq_xpub_once_per_topic()
    {
        var sub = Socket(SocketType.Sub);
        sub.Subscribe("a.");
        WatchSocketEvents();
        var first = await StartLinkedPeerAsync(sub, dotnetBinds: false, "XPUB", "opt:XPUB_VERBOSE=1", Link, "recv:1");
        Assert.Equal([Subscription(1, "a.")], (await first.ReceivedAsync()).Frames);
        await first.FinishAsync();
        await ExpectSocketEventAsync(sub, SocketEventKind.Disconnected);

        sub.Subscribe("b.");
        var second = StartPeer("XPUB", "opt:XPUB_VERBOSE=1", $"bind:{sub.LastEndpoint}", "recv:3", "send:a.1", "send:b.1");
        await second.BoundAsync();
        var replayed = new[] { Assert.Single((await second.ReceivedAsync()).Frames), Assert.Single((await second.ReceivedAsync()).Frames) };

        // The replay may come in any order; what matters is each topic once.
        Assert.Equal([Subscription(1, "a."), Subscription(1, "b.")], replayed.OrderBy(frame => frame[1]));

        sub.Unsubscribe("b.");
        Assert.Equal([Subscription(0, "b.")], (await second.ReceivedAsync()).Frames);
        Assert.Equal(["a.1"], (await ReceiveAsync(sub)).GetStrings());
        await second.FinishAsync();
    }
}
