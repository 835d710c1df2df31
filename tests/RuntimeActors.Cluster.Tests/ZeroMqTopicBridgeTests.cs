using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.TestKit;
using RuntimeActors.TestKit;

namespace RuntimeActors.Cluster.Tests;

/// <summary>
/// <see cref="ZeroMqTopicBridge"/> on a real three-node cluster (<see cref="ThreeNodeCluster"/>) against libzmq peers
/// outside it. Pub/sub loses what is sent before a subscription has spread (ZeroMQ's slow joiner, and
/// DistributedPubSub's registry gossip between nodes): each test repeats its first message until it arrives, waiting
/// for each copy a moment, never sleeping; every topic is a test's own, so that the bridges of tests do not meet.
/// </summary>
public sealed class ZeroMqTopicBridgeTests : Akka.TestKit.Xunit2.TestKit, IClassFixture<ThreeNodeCluster>
{
    private readonly ThreeNodeCluster _cluster;
    private readonly ITestOutputHelper _output;

    public ZeroMqTopicBridgeTests(ThreeNodeCluster cluster, ITestOutputHelper output)
        : base(TestKitConfig.Default(), output: output)
    {
        _cluster = cluster;
        _output = output;
    }

    private static readonly TimeSpan Patience = LibzmqPeer.Patience;

    /// <summary>How long one attempt waits for its copy before sending another.</summary>
    private static readonly TimeSpan Attempt = RuntimeActors.TestKit.Patience.Dilated(TimeSpan.FromMilliseconds(300));

    [Fact]
    public async Task WhatAClusterActorOnNodeCPublishesReachesALibzmqSubscriberOfItsPrefix()
    {
        var (sub, bound) = await LibzmqPeer.StartAsync(_output, "SUB", "--bind", "tcp://127.0.0.1:*", "--sub", "pri");
        await using var _ = sub;
        var bridge = await StartBridgeAsync(_cluster.A, "outbound", s =>
        {
            s.Outbound.Topics.Add("prices");
            s.Outbound.Topics.Add("news");
            s.Outbound.Connects.Add(bound[0]);
        });

        // news is bridged too, but the SUB follows only "pri": every message it gets must be a price.
        var first = await Repeat.UntilAsync(
            () =>
            {
                Publish(_cluster.C, "news", "headline");
                Publish(_cluster.C, "prices", ZMessage.FromStrings("EURUSD", "1.0842"));
                return Task.CompletedTask;
            },
            () => sub.TryReceiveAsync(Attempt));
        Assert.Equal(["prices", "EURUSD", "1.0842"], first);

        // The other payloads a topic takes: a string and bytes are one frame each.
        Publish(_cluster.C, "news", "another headline");
        Publish(_cluster.C, "prices", "1.0843");
        Publish(_cluster.C, "prices", "1.0844"u8.ToArray());
        Assert.Equal(["prices", "1.0843"], await NextOtherThanAsync(sub, first));
        Assert.Equal(["prices", "1.0844"], await sub.ReceiveAsync());
        await StopAsync(bridge);
    }

    [Fact]
    public async Task AnXPubOutboundTakesItsSubscribersSubscriptionsAndSendsTheTopicsAll()
    {
        var (bridge, endpoints) = await StartBridgeWithEndpointsAsync(_cluster.A, "xpub", s =>
        {
            s.Outbound.Topics.Add("x-rates");
            s.Outbound.Binds.Add("tcp://127.0.0.1:*");
            s.Outbound.SocketType = SocketType.XPub;
        });
        var (sub, _) = await LibzmqPeer.StartAsync(_output, "SUB", "--connect", endpoints.Outbound[0], "--sub", "x-");
        await using var _ = sub;

        var rate = await Repeat.UntilAsync(
            () =>
            {
                Publish(_cluster.B, "x-rates", "0.93");
                return Task.CompletedTask;
            },
            () => sub.TryReceiveAsync(Attempt));
        Assert.Equal(["x-rates", "0.93"], rate);
        await StopAsync(bridge);
    }

    [Fact]
    public async Task WhatALibzmqPublisherSendsReachesClusterSubscribersOnEveryOtherNodeByTopic()
    {
        var (pub, bound) = await LibzmqPeer.StartAsync(_output, "PUB", "--bind", "tcp://127.0.0.1:*");
        await using var _ = pub;
        var onB = Subscribe(_cluster.B, "orders");
        var onC = Subscribe(_cluster.C, "orders");
        var tradesOnA = Subscribe(_cluster.A, "trades");
        var bridge = await StartBridgeAsync(_cluster.A, "inbound", s =>
        {
            s.Inbound.Prefixes.Add("ord");
            s.Inbound.Connects.Add(bound[0]);
        });

        var received = await Repeat.UntilAsync(
            async () =>
            {
                await pub.SendAsync("trades", "t-1");
                await pub.SendAsync("orders", "o-1", "3");
            },
            () => Task.FromResult(onB.ReceiveOne(Attempt) as ZMessage));
        Assert.Equal(["orders", "o-1", "3"], received.GetStrings());
        Assert.Equal(["orders", "o-1", "3"], onC.ExpectMsg<ZMessage>(Patience).GetStrings());

        // Had the bridge taken "trades" in, it would have published it before the order B got, so before this marker.
        Publish(_cluster.A, "trades", "marker");
        Assert.Equal("marker", tradesOnA.ExpectMsg<object>(Patience));
        await StopAsync(bridge);
    }

    [Fact]
    public async Task ABridgeThatTakesATopicInDoesNotSendItOutAgain()
    {
        var (sub, subBound) = await LibzmqPeer.StartAsync(_output, "SUB", "--bind", "tcp://127.0.0.1:*", "--sub", "echo");
        await using var _ = sub;
        var (pub, pubBound) = await LibzmqPeer.StartAsync(_output, "PUB", "--bind", "tcp://127.0.0.1:*");
        await using var __ = pub;
        var onA = Subscribe(_cluster.A, "echo");
        var bridge = await StartBridgeAsync(_cluster.A, "both-ways", s =>
        {
            s.Outbound.Topics.Add("echo");
            s.Outbound.Connects.Add(subBound[0]);
            s.Inbound.Prefixes.Add("echo");
            s.Inbound.Connects.Add(pubBound[0]);
        });

        var warmUp = await Repeat.UntilAsync(
            () =>
            {
                Publish(_cluster.A, "echo", "warm-up");
                return Task.CompletedTask;
            },
            () => sub.TryReceiveAsync(Attempt));
        Assert.Equal(["echo", "warm-up"], warmUp);
        var fromZeroMq = await Repeat.UntilAsync(
            () => pub.SendAsync("echo", "from-zeromq"),
            () => Task.FromResult(onA.ReceiveOne(Attempt) as ZMessage));
        Assert.Equal(["echo", "from-zeromq"], fromZeroMq.GetStrings());

        // The bridge's own subscriber of "echo" got the message from ZeroMQ before this marker: had it sent it out, the SUB would see it first.
        Publish(_cluster.A, "echo", "marker");
        string[] next;
        do
        {
            next = await sub.ReceiveAsync();
            Assert.NotEqual("from-zeromq", next[^1]);
        }
        while (next[^1] != "marker");

        await StopAsync(bridge);
    }

    [Fact]
    public async Task ACurveSecuredBridgeTalksToLibzmqCurvePeersBothWays()
    {
        var bridgeKeys = CurveKeyPair.Generate();
        var feedKeys = CurveKeyPair.Generate();
        var (pub, pubBound) = await LibzmqPeer.StartAsync(_output, "PUB", "--bind", "tcp://127.0.0.1:*", "--curve-server", feedKeys.SecretKeyZ85);
        await using var _ = pub;
        var onC = Subscribe(_cluster.C, "secure-orders");
        var (bridge, endpoints) = await StartBridgeWithEndpointsAsync(_cluster.B, "curve", s =>
        {
            s.Outbound.Topics.Add("secure-prices");
            s.Outbound.Binds.Add("tcp://127.0.0.1:*");
            s.Outbound.Options = o => o.UseCurveServer(bridgeKeys);
            s.Inbound.Prefixes.Add("secure-orders");
            s.Inbound.Connects.Add(pubBound[0]);
            s.Inbound.Options = o => o.UseCurveClient(feedKeys.PublicKeyZ85);
        });
        var (sub, _) = await LibzmqPeer.StartAsync(_output, "SUB", "--connect", endpoints.Outbound[0], "--sub", "secure", "--curve-client", bridgeKeys.PublicKeyZ85);
        await using var __ = sub;

        var price = await Repeat.UntilAsync(
            () =>
            {
                Publish(_cluster.C, "secure-prices", ZMessage.FromStrings("GBPUSD", "1.27"));
                return Task.CompletedTask;
            },
            () => sub.TryReceiveAsync(Attempt));
        Assert.Equal(["secure-prices", "GBPUSD", "1.27"], price);

        var order = await Repeat.UntilAsync(
            () => pub.SendAsync("secure-orders", "buy"),
            () => Task.FromResult(onC.ReceiveOne(Attempt) as ZMessage));
        Assert.Equal(["secure-orders", "buy"], order.GetStrings());
        await StopAsync(bridge);
    }

    [Fact]
    public async Task ABridgeWhoseSocketStopsRestartsWithNewSocketsThatWorkAgain()
    {
        var (pub, bound) = await LibzmqPeer.StartAsync(_output, "PUB", "--bind", "tcp://127.0.0.1:*");
        await using var _ = pub;
        var onB = Subscribe(_cluster.B, "restarts");
        var bridge = await StartBridgeAsync(_cluster.A, "restarting", s =>
        {
            s.Inbound.Prefixes.Add("restarts");
            s.Inbound.Connects.Add(bound[0]);
        });
        var socketPath = bridge.Path / "inbound-socket";
        var before = await _cluster.A.ActorSelection(socketPath).ResolveOne(Patience);
        var watcher = CreateTestProbe(_cluster.A);
        watcher.Watch(before);

        before.Tell(PoisonPill.Instance);
        watcher.ExpectTerminated(before, Patience);

        // The bridge failed on losing its socket and its restart made a new one, subscribed and connected as the first.
        var received = await Repeat.UntilAsync(
            () => pub.SendAsync("restarts", "after"),
            () => Task.FromResult(onB.ReceiveOne(Attempt) as ZMessage));
        Assert.Equal(["restarts", "after"], received.GetStrings());
        Assert.NotEqual(before, await _cluster.A.ActorSelection(socketPath).ResolveOne(Patience));
        await StopAsync(bridge);
    }

    private static async Task<IActorRef> StartBridgeAsync(ActorSystem node, string name, Action<ZeroMqTopicBridgeSettings> configure) =>
        (await StartBridgeWithEndpointsAsync(node, name, configure)).Bridge;

    private static async Task<(IActorRef Bridge, ZeroMqTopicBridge.Endpoints Endpoints)> StartBridgeWithEndpointsAsync(ActorSystem node, string name, Action<ZeroMqTopicBridgeSettings> configure)
    {
        var settings = new ZeroMqTopicBridgeSettings();
        configure(settings);
        var bridge = node.ActorOf(ZeroMqTopicBridge.Props(settings), name);
        var endpoints = await bridge.Ask<ZeroMqTopicBridge.Endpoints>(ZeroMqTopicBridge.GetEndpoints.Instance, Patience);
        return (bridge, endpoints);
    }

    private static async Task StopAsync(IActorRef bridge) => Assert.True(await bridge.GracefulStop(Patience));

    private static void Publish(ActorSystem node, string topic, object message) =>
        DistributedPubSub.Get(node).Mediator.Tell(new Publish(topic, message));

    private TestProbe Subscribe(ActorSystem node, string topic)
    {
        var probe = CreateTestProbe(node);
        DistributedPubSub.Get(node).Mediator.Tell(new Subscribe(topic, probe.Ref), probe.Ref);
        probe.ExpectMsg<SubscribeAck>(Patience);
        return probe;
    }

    /// <summary>The next message unlike <paramref name="repeated"/>, passing over the copies of it still on their way.</summary>
    private static async Task<string[]> NextOtherThanAsync(LibzmqPeer sub, string[] repeated)
    {
        while (true)
        {
            var next = await sub.ReceiveAsync();
            if (!next.SequenceEqual(repeated))
            {
                return next;
            }
        }
    }
}
