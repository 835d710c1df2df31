using Xunit.Abstractions;

namespace RuntimeActors.EndToEnd.Tests;

/// <summary>Every compatible pair of socket types exchanging messages, with either side binding; each transport runs them all.</summary>
public abstract class SocketPairTests(ITestOutputHelper output) : SocketTestKit(output)
{
    private async Task<(ZSocket Bound, ZSocket Connected)> JoinAsync(SocketType bindType, SocketType connectType, SocketOptions? bindOptions = null, SocketOptions? connectOptions = null)
    {
        var bound = Socket(bindType, bindOptions);
        var connected = Socket(connectType, connectOptions);
        await connected.ConnectAsync(await BindLoopbackAsync(bound));
        return (bound, connected);
    }

    [Theory]
    [InlineData(SocketType.Push, SocketType.Pull)]
    [InlineData(SocketType.Pull, SocketType.Push)]
    public async Task Push_delivers_every_message_to_pull_in_order(SocketType bindType, SocketType connectType)
    {
        var (bound, connected) = await JoinAsync(bindType, connectType);
        var (push, pull) = bindType == SocketType.Push ? (bound, connected) : (connected, bound);

        for (var i = 0; i < 100; i++)
        {
            await push.SendAsync($"m{i}", "second frame");
        }

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal([$"m{i}", "second frame"], await ReceiveStringsAsync(pull));
        }
    }

    [Fact]
    public async Task Push_round_robins_between_two_pullers()
    {
        var push = Socket(SocketType.Push);
        var endpoint = await BindLoopbackAsync(push);
        var first = Socket(SocketType.Pull);
        var second = Socket(SocketType.Pull);
        var monitor = Monitor(push);
        await first.ConnectAsync(endpoint);
        await ExpectEventAsync(monitor, SocketEventKind.HandshakeSucceeded);
        await second.ConnectAsync(endpoint);
        await ExpectEventAsync(monitor, SocketEventKind.HandshakeSucceeded);

        for (var i = 0; i < 10; i++)
        {
            await push.SendAsync($"m{i}");
        }

        var a = new List<string>();
        var b = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            a.Add((await ReceiveStringsAsync(first))[0]);
            b.Add((await ReceiveStringsAsync(second))[0]);
        }

        Assert.Equal(10, a.Concat(b).Distinct().Count());
        Assert.Equal(5, a.Count);
    }

    [Theory]
    [InlineData(SocketType.Pair, SocketType.Pair)]
    [InlineData(SocketType.Dealer, SocketType.Dealer)]
    public async Task Symmetric_sockets_talk_both_ways(SocketType bindType, SocketType connectType)
    {
        var (bound, connected) = await JoinAsync(bindType, connectType);

        await connected.SendAsync("ping", "");
        Assert.Equal(["ping", ""], await ReceiveStringsAsync(bound));
        await bound.SendAsync("pong");
        Assert.Equal(["pong"], await ReceiveStringsAsync(connected));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Pub_sends_to_sub_only_what_matches_its_prefixes(bool publisherBinds)
    {
        var (bound, connected) = publisherBinds
            ? await JoinAsync(SocketType.Pub, SocketType.Sub)
            : await JoinAsync(SocketType.Sub, SocketType.Pub);
        var (pub, sub) = publisherBinds ? (bound, connected) : (connected, bound);
        sub.Subscribe("weather.");
        await AwaitSubscribedAsync(pub, sub, "weather.");

        await pub.SendAsync("sports.score", "1-0");
        await pub.SendAsync("weather.paris", "sunny");
        await pub.SendAsync("weathe", "cut short");

        Assert.Equal(["weather.paris", "sunny"], await ReceiveStringsAsync(sub));
        AssertNothingReceived(sub);
    }

    [Fact]
    public async Task Unsubscribe_stops_delivery_of_that_prefix()
    {
        var (pub, sub) = await JoinAsync(SocketType.Pub, SocketType.Sub);
        sub.Subscribe("a");
        sub.Subscribe("b");
        await AwaitSubscribedAsync(pub, sub, "a");
        await AwaitSubscribedAsync(pub, sub, "b");

        sub.Unsubscribe("a");
        // The cancel travels the same ordered connection as the marker that follows it.
        sub.Subscribe("marker");
        await AwaitSubscribedAsync(pub, sub, "marker");
        await pub.SendAsync("a1");
        await pub.SendAsync("b1");

        Assert.Equal(["b1"], await ReceiveStringsAsync(sub));
        AssertNothingReceived(sub);
    }

    [Fact]
    public async Task Xpub_sees_subscriptions_and_xsub_sends_them_as_messages()
    {
        var (xpub, xsub) = await JoinAsync(SocketType.XPub, SocketType.XSub);

        await xsub.SendAsync(ZMessage.FromFrames([0x01, .. "news"u8.ToArray()]));
        var subscription = await ReceiveAsync(xpub);
        Assert.Equal([0x01, .. "news"u8.ToArray()], subscription[0].ToArray());

        await xpub.SendAsync("news.today");
        await xpub.SendAsync("other");
        Assert.Equal(["news.today"], await ReceiveStringsAsync(xsub));
        AssertNothingReceived(xsub);

        await xsub.SendAsync(ZMessage.FromFrames([0x00, .. "news"u8.ToArray()]));
        Assert.Equal([0x00, .. "news"u8.ToArray()], (await ReceiveAsync(xpub))[0].ToArray());
    }

    [Fact]
    public async Task Xpub_passes_subscriptions_of_a_sub_up_and_xsub_receives_from_a_pub()
    {
        var xpub = Socket(SocketType.XPub);
        var sub = Socket(SocketType.Sub);
        await sub.ConnectAsync(await BindLoopbackAsync(xpub));
        sub.Subscribe("t");
        Assert.Equal([0x01, (byte)'t'], (await ReceiveAsync(xpub))[0].ToArray());
        await xpub.SendAsync("t1");
        Assert.Equal(["t1"], await ReceiveStringsAsync(sub));

        var pub = Socket(SocketType.Pub);
        var xsub = Socket(SocketType.XSub);
        await xsub.ConnectAsync(await BindLoopbackAsync(pub));
        await xsub.SendAsync(ZMessage.FromFrames([0x01]));
        await AwaitSubscribedAsync(pub, xsub, "anything");
    }

    [Theory]
    [InlineData(SocketType.Rep, SocketType.Req)]
    [InlineData(SocketType.Req, SocketType.Rep)]
    [InlineData(SocketType.Router, SocketType.Req)]
    [InlineData(SocketType.Rep, SocketType.Dealer)]
    public async Task Requests_get_their_replies(SocketType bindType, SocketType connectType)
    {
        var (bound, connected) = await JoinAsync(bindType, connectType);
        var (client, server) = connectType is SocketType.Req or SocketType.Dealer && bindType != SocketType.Req ? (connected, bound) : (bound, connected);

        for (var i = 0; i < 3; i++)
        {
            if (client.Type == SocketType.Dealer)
            {
                await client.SendAsync("", $"request {i}");
            }
            else
            {
                await client.SendAsync($"request {i}");
            }

            var request = await ReceiveAsync(server);
            Assert.Equal($"request {i}", request.GetString(request.Count - 1));
            var reply = new ZMessage(request.Take(request.Count - 1)).Append($"reply {i}");
            await server.SendAsync(reply);

            var answer = await ReceiveStringsAsync(client);
            Assert.Equal($"reply {i}", answer[^1]);
            Assert.Equal(client.Type == SocketType.Dealer ? 2 : 1, answer.Count);
        }
    }

    [Fact]
    public async Task Router_routes_replies_by_the_routing_id_of_each_dealer()
    {
        var router = Socket(SocketType.Router);
        var endpoint = await BindLoopbackAsync(router);
        var alice = Socket(SocketType.Dealer, new SocketOptions { Linger = TimeSpan.Zero, RoutingId = "alice"u8.ToArray() });
        var bob = Socket(SocketType.Dealer, new SocketOptions { Linger = TimeSpan.Zero, RoutingId = "bob"u8.ToArray() });
        await alice.ConnectAsync(endpoint);
        await bob.ConnectAsync(endpoint);

        await alice.SendAsync("from alice", "part 2");
        await bob.SendAsync("from bob");
        var received = new[] { await ReceiveStringsAsync(router), await ReceiveStringsAsync(router) };
        Assert.Contains(received, m => m.SequenceEqual(["alice", "from alice", "part 2"]));
        Assert.Contains(received, m => m.SequenceEqual(["bob", "from bob"]));

        await router.SendAsync("bob", "for bob");
        await router.SendAsync("alice", "for alice");
        Assert.Equal(["for alice"], await ReceiveStringsAsync(alice));
        Assert.Equal(["for bob"], await ReceiveStringsAsync(bob));
    }

    [Fact]
    public async Task Frames_of_every_size_class_cross_intact()
    {
        var (push, pull) = await JoinAsync(SocketType.Push, SocketType.Pull);
        int[] sizes = [0, 1, 254, 255, 256, 65_536, 10 * 1024 * 1024];
        var frames = sizes.Select(size => Enumerable.Range(0, size).Select(i => (byte)(i * 7)).ToArray()).ToArray();

        await push.SendAsync(ZMessage.FromFrames(frames));

        var message = await ReceiveAsync(pull);
        Assert.Equal(sizes, message.Select(f => f.Length));
        for (var i = 0; i < frames.Length; i++)
        {
            Assert.True(frames[i].AsSpan().SequenceEqual(message[i].Span), $"frame {i} of {sizes[i]} bytes differs");
        }
    }
}

/// <summary>The socket pairs over loopback tcp.</summary>
public sealed class TcpSocketPairTests(ITestOutputHelper output) : SocketPairTests(output)
{
    protected override string Transport => "tcp";
}

/// <summary>The socket pairs over inproc.</summary>
public sealed class InprocSocketPairTests(ITestOutputHelper output) : SocketPairTests(output)
{
    protected override string Transport => "inproc";
}
