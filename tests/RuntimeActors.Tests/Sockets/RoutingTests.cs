using RuntimeActors.Messages;
using RuntimeActors.Pipes;
using RuntimeActors.Sockets;
using static RuntimeActors.Tests.Sockets.CoreHarness;

namespace RuntimeActors.Tests.Sockets;

public sealed class RoutingTests
{
    [Fact]
    public async Task Push_round_robins_over_its_peers()
    {
        var push = Core(SocketType.Push);
        var a = ConnectedPipe(push, SocketType.Pull);
        var b = ConnectedPipe(push, SocketType.Pull);

        for (var i = 0; i < 4; i++)
        {
            await push.SendAsync(ZMessage.FromStrings($"m{i}"), Patience, CancellationToken.None);
        }

        Assert.Equal(["m0", "m2"], DrainStrings(a));
        Assert.Equal(["m1", "m3"], DrainStrings(b));
    }

    [Fact]
    public async Task Push_skips_a_full_peer_and_blocks_when_all_are_full()
    {
        var push = Core(SocketType.Push);
        var small = ConnectedPipe(push, SocketType.Pull, sendHighWaterMark: 1);
        var large = ConnectedPipe(push, SocketType.Pull, sendHighWaterMark: 2);

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(SendOutcome.Sent, push.TrySend(ZMessage.FromStrings($"m{i}")));
        }

        Assert.Equal(SendOutcome.WouldBlock, push.TrySend(ZMessage.FromStrings("m3")));
        var blocked = push.SendAsync(ZMessage.FromStrings("m3"), Patience, CancellationToken.None).AsTask();
        Assert.False(blocked.IsCompleted);

        Assert.Single(Drain(small));
        await blocked.WaitAsync(Patience);
        Assert.Equal(["m3"], DrainStrings(small));
        Assert.Equal(2, Drain(large).Count);
    }

    [Fact]
    public async Task A_send_with_no_peer_times_out_with_EAGAIN()
    {
        var push = Core(SocketType.Push);

        var error = await Assert.ThrowsAsync<ZmqException>(() => push.SendAsync(ZMessage.FromStrings("x"), TimeSpan.FromMilliseconds(50), CancellationToken.None).AsTask());

        Assert.Equal(ZmqError.WouldBlock, error.Error);
    }

    [Fact]
    public async Task A_blocked_send_proceeds_when_a_peer_arrives()
    {
        var push = Core(SocketType.Push);
        var sending = push.SendAsync(ZMessage.FromStrings("early"), Patience, CancellationToken.None).AsTask();

        var pipe = ConnectedPipe(push, SocketType.Pull);

        await sending.WaitAsync(Patience);
        Assert.Equal(["early"], DrainStrings(pipe));
    }

    [Fact]
    public async Task Pull_fair_queues_and_cannot_send()
    {
        var pull = Core(SocketType.Pull);
        var a = ConnectedPipe(pull, SocketType.Push);
        var b = ConnectedPipe(pull, SocketType.Push);

        await Deliver(pull, a, "from a");
        await Deliver(pull, b, "from b");

        Assert.Equal("from a", await Receive(pull));
        Assert.Equal("from b", await Receive(pull));
        Assert.Equal(ZmqError.NotSupported, Assert.Throws<ZmqException>(() => pull.TrySend(ZMessage.FromStrings("x"))).Error);
    }

    [Fact]
    public void Pub_sends_to_matching_subscribers_only_and_drops_at_the_high_water_mark()
    {
        var pub = Core(SocketType.Pub);
        var weather = ConnectedPipe(pub, SocketType.Sub, sendHighWaterMark: 1);
        var everything = ConnectedPipe(pub, SocketType.Sub);
        pub.OnSubscription(weather, true, "weather"u8.ToArray());
        pub.OnSubscription(everything, true, ReadOnlyMemory<byte>.Empty);

        Assert.Equal(SendOutcome.Sent, pub.TrySend(ZMessage.FromStrings("weather.paris", "12C")));
        Assert.Equal(SendOutcome.Sent, pub.TrySend(ZMessage.FromStrings("sports", "1-0")));
        Assert.Equal(SendOutcome.Sent, pub.TrySend(ZMessage.FromStrings("weather.rome", "20C")));

        Assert.Equal(["weather.paris|12C"], DrainStrings(weather));
        Assert.Equal(["weather.paris|12C", "sports|1-0", "weather.rome|20C"], DrainStrings(everything));
    }

    [Fact]
    public void Pub_unsubscribe_needs_as_many_cancels_as_subscribes()
    {
        var pub = Core(SocketType.Pub);
        var sub = ConnectedPipe(pub, SocketType.Sub);
        pub.OnSubscription(sub, true, "a"u8.ToArray());
        pub.OnSubscription(sub, true, "a"u8.ToArray());
        pub.OnSubscription(sub, false, "a"u8.ToArray());

        pub.TrySend(ZMessage.FromStrings("a1"));
        pub.OnSubscription(sub, false, "a"u8.ToArray());
        Assert.Equal(SendOutcome.Dropped, pub.TrySend(ZMessage.FromStrings("a2")));

        Assert.Equal(["a1"], DrainStrings(sub));
    }

    [Fact]
    public async Task Sub_sends_its_subscriptions_to_new_peers_and_filters_what_it_receives()
    {
        var sub = Core(SocketType.Sub);
        sub.SetSubscription(true, "news"u8.ToArray());
        var publisher = ConnectedPipe(sub, SocketType.Pub);

        var sent = Drain(publisher);
        Assert.Equal(MessageKind.Subscribe, Assert.Single(sent).Kind);
        Assert.Equal("news", sent[0].GetString(0));

        await Deliver(sub, publisher, "ads");
        await Deliver(sub, publisher, "news.today");
        Assert.Equal("news.today", await Receive(sub));
        Assert.False(sub.TryReceive(out _));

        sub.SetSubscription(false, "news"u8.ToArray());
        Assert.Equal(MessageKind.Cancel, Assert.Single(Drain(publisher)).Kind);
    }

    [Fact]
    public async Task XPub_passes_subscriptions_up_once_per_topic_unless_verbose()
    {
        foreach (var verbose in new[] { false, true })
        {
            var xpub = Core(SocketType.XPub, o => o.XPubVerbose = verbose);
            var a = ConnectedPipe(xpub, SocketType.Sub);
            var b = ConnectedPipe(xpub, SocketType.Sub);

            xpub.OnSubscription(a, true, "t"u8.ToArray());
            xpub.OnSubscription(b, true, "t"u8.ToArray());

            var first = await xpub.ReceiveAsync(Patience, CancellationToken.None);
            Assert.Equal([1, (byte)'t'], first[0].ToArray());
            Assert.Equal(verbose, xpub.TryReceive(out _));
        }
    }

    [Fact]
    public async Task XPub_reports_the_cancellations_of_a_departed_subscriber()
    {
        var xpub = Core(SocketType.XPub);
        var a = ConnectedPipe(xpub, SocketType.Sub);
        xpub.OnSubscription(a, true, "t"u8.ToArray());
        await xpub.ReceiveAsync(Patience, CancellationToken.None);

        xpub.Detach(a);

        var cancel = await xpub.ReceiveAsync(Patience, CancellationToken.None);
        Assert.Equal([0, (byte)'t'], cancel[0].ToArray());
    }

    [Fact]
    public void XSub_turns_subscription_messages_into_subscriptions()
    {
        var xsub = Core(SocketType.XSub);
        var publisher = ConnectedPipe(xsub, SocketType.Pub);

        xsub.TrySend(new ZMessage().Append(new byte[] { 1, (byte)'x' }));

        var sent = Assert.Single(Drain(publisher));
        Assert.Equal(MessageKind.Subscribe, sent.Kind);
        Assert.Equal("x", sent.GetString(0));
    }

    [Fact]
    public async Task Req_adds_the_delimiter_waits_for_the_reply_from_the_same_peer_and_alternates()
    {
        var req = Core(SocketType.Req);
        var a = ConnectedPipe(req, SocketType.Rep);
        var b = ConnectedPipe(req, SocketType.Rep);

        Assert.Equal(ZmqError.InvalidState, (await Assert.ThrowsAsync<ZmqException>(() => req.ReceiveAsync(Patience, CancellationToken.None).AsTask())).Error);
        await req.SendAsync(ZMessage.FromStrings("question"), Patience, CancellationToken.None);
        Assert.Equal(ZmqError.InvalidState, Assert.Throws<ZmqException>(() => req.TrySend(ZMessage.FromStrings("again"))).Error);

        var request = Assert.Single(Drain(a));
        Assert.Equal(["", "question"], request.GetStrings());
        await Deliver(req, b, "", "impostor");
        await Deliver(req, a, "", "answer");

        Assert.Equal("answer", await Receive(req));
        Assert.Equal(SendOutcome.Sent, req.TrySend(ZMessage.FromStrings("next")));
        Assert.Equal(["", "next"], Assert.Single(Drain(b)).GetStrings());
    }

    [Fact]
    public async Task Rep_strips_and_restores_the_envelope_and_alternates()
    {
        var rep = Core(SocketType.Rep);
        var router = ConnectedPipe(rep, SocketType.Dealer);

        Assert.Equal(ZmqError.InvalidState, Assert.Throws<ZmqException>(() => rep.TrySend(ZMessage.FromStrings("unasked"))).Error);
        await Deliver(rep, router, "client-7", "", "hello");

        Assert.Equal("hello", await Receive(rep));
        Assert.Equal(ZmqError.InvalidState, (await Assert.ThrowsAsync<ZmqException>(() => rep.ReceiveAsync(Patience, CancellationToken.None).AsTask())).Error);
        rep.TrySend(ZMessage.FromStrings("world"));
        Assert.Equal(["client-7||world"], DrainStrings(router));
    }

    [Fact]
    public async Task Rep_drops_a_message_without_a_delimiter()
    {
        var rep = Core(SocketType.Rep);
        var peer = ConnectedPipe(rep, SocketType.Dealer);

        await Deliver(rep, peer, "no delimiter");
        await Deliver(rep, peer, "", "proper");

        Assert.Equal("proper", await Receive(rep));
    }

    [Fact]
    public async Task Router_prefixes_the_routing_id_and_routes_by_it()
    {
        var router = Core(SocketType.Router);
        var named = ConnectedPipe(router, SocketType.Dealer, routingId: "alice");
        var anonymous = ConnectedPipe(router, SocketType.Dealer);

        await Deliver(router, named, "hi");
        await Deliver(router, anonymous, "hey");
        var fromAlice = await router.ReceiveAsync(Patience, CancellationToken.None);
        var fromAnonymous = await router.ReceiveAsync(Patience, CancellationToken.None);

        Assert.Equal(["alice", "hi"], fromAlice.GetStrings());
        Assert.Equal(5, fromAnonymous[0].Length);
        Assert.Equal(0, fromAnonymous[0].Span[0]);

        router.TrySend(new ZMessage().Append(fromAnonymous[0]).Append("to anonymous"));
        router.TrySend(ZMessage.FromStrings("alice", "to alice"));
        Assert.Equal(["to anonymous"], DrainStrings(anonymous));
        Assert.Equal(["to alice"], DrainStrings(named));
    }

    [Fact]
    public void Router_drops_unroutable_messages_or_reports_them_when_mandatory()
    {
        var lenient = Core(SocketType.Router);
        Assert.Equal(SendOutcome.Dropped, lenient.TrySend(ZMessage.FromStrings("nobody", "x")));

        var strict = Core(SocketType.Router, o => o.RouterMandatory = true);
        var error = Assert.Throws<ZmqException>(() => strict.TrySend(ZMessage.FromStrings("nobody", "x")));
        Assert.Equal(ZmqError.HostUnreachable, error.Error);
        Assert.Contains("6E6F626F6479", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Router_refuses_a_second_peer_with_the_same_routing_id()
    {
        var router = Core(SocketType.Router);
        ConnectedPipe(router, SocketType.Dealer, routingId: "twin");

        var second = new Pipe("test://peer", 1000) { Peer = new PeerInfo(SocketType.Dealer, "twin"u8.ToArray(), "test://peer", "test://remote", 1) };

        Assert.False(router.Attach(second));
    }

    [Fact]
    public void Pair_is_exclusive()
    {
        var pair = Core(SocketType.Pair);
        ConnectedPipe(pair, SocketType.Pair);

        Assert.False(pair.Attach(new Pipe("test://second", 1000)));
    }

    [Fact]
    public async Task Dealer_round_robins_and_leaves_envelopes_alone()
    {
        var dealer = Core(SocketType.Dealer);
        var a = ConnectedPipe(dealer, SocketType.Router);
        var b = ConnectedPipe(dealer, SocketType.Router);

        dealer.TrySend(ZMessage.FromStrings("", "one"));
        dealer.TrySend(ZMessage.FromStrings("two"));
        await Deliver(dealer, b, "", "reply");

        Assert.Equal(["|one"], DrainStrings(a));
        Assert.Equal(["two"], DrainStrings(b));
        Assert.Equal("|reply", await Receive(dealer));
    }

    [Fact]
    public async Task Closing_fails_pending_receives_with_ENOTSOCK()
    {
        var pull = Core(SocketType.Pull);
        var receiving = pull.ReceiveAsync(Timeout.InfiniteTimeSpan, CancellationToken.None).AsTask();

        pull.Close();

        Assert.Equal(ZmqError.NotSocket, (await Assert.ThrowsAsync<ZmqException>(() => receiving)).Error);
        Assert.Equal(ZmqError.NotSocket, Assert.Throws<ZmqException>(() => pull.TrySend(ZMessage.FromStrings("x"))).Error);
    }

    [Fact]
    public async Task The_receive_high_water_mark_holds_back_the_engine()
    {
        var pull = Core(SocketType.Pull, o => o.ReceiveHighWaterMark = 2);
        var pipe = ConnectedPipe(pull, SocketType.Push);
        await Deliver(pull, pipe, "1");
        await Deliver(pull, pipe, "2");

        var third = Deliver(pull, pipe, "3");
        Assert.False(third.IsCompleted);

        Assert.Equal("1", await Receive(pull));
        await third.WaitAsync(Patience);
    }
}
