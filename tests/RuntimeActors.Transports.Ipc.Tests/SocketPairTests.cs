using static RuntimeActors.Transports.Ipc.Tests.RuntimeHarness;

namespace RuntimeActors.Transports.Ipc.Tests;

/// <summary>Every socket type pair of the runtime over ipc, each over a different kind of address.</summary>
public sealed class SocketPairTests : IDisposable
{
    private readonly Scratch _scratch = new();

    public void Dispose() => _scratch.Dispose();

    public static TheoryData<string> AddressKinds => new() { "path", "relative", "abstract", "wildcard" };

    [Theory]
    [MemberData(nameof(AddressKinds))]
    public async Task Pair_to_pair_both_ways(string kind)
    {
        await using var runtime = CreateRuntime();
        await using var binder = runtime.CreateSocket(SocketType.Pair, Options());
        await using var connecter = runtime.CreateSocket(SocketType.Pair, Options());
        var endpoint = await binder.BindAsync(EndpointFor(kind));
        await connecter.ConnectAsync(endpoint);

        await connecter.SendAsync("up", "1");
        Assert.Equal(["up", "1"], await ReceiveStringsAsync(binder));
        await binder.SendAsync("down");
        Assert.Equal(["down"], await ReceiveStringsAsync(connecter));
    }

    [Theory]
    [MemberData(nameof(AddressKinds))]
    public async Task Push_to_pull_with_the_pusher_bound(string kind)
    {
        await using var runtime = CreateRuntime();
        await using var push = runtime.CreateSocket(SocketType.Push, Options());
        await using var pull = runtime.CreateSocket(SocketType.Pull, Options());
        var endpoint = await push.BindAsync(EndpointFor(kind));
        await pull.ConnectAsync(endpoint);

        for (var i = 0; i < 100; i++)
        {
            await push.SendAsync("work", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(["work", i.ToString(System.Globalization.CultureInfo.InvariantCulture)], await ReceiveStringsAsync(pull));
        }
    }

    [Fact]
    public async Task Push_to_pull_with_the_puller_bound_and_two_pushers()
    {
        await using var runtime = CreateRuntime();
        await using var pull = runtime.CreateSocket(SocketType.Pull, Options());
        await using var first = runtime.CreateSocket(SocketType.Push, Options());
        await using var second = runtime.CreateSocket(SocketType.Push, Options());
        var endpoint = await pull.BindAsync(EndpointFor("path"));
        await first.ConnectAsync(endpoint);
        await second.ConnectAsync(endpoint);

        await first.SendAsync("from first");
        await second.SendAsync("from second");

        var received = new[] { await ReceiveStringsAsync(pull), await ReceiveStringsAsync(pull) }.Select(m => m.Single()).Order(StringComparer.Ordinal);
        Assert.Equal(["from first", "from second"], received);
    }

    [Theory]
    [MemberData(nameof(AddressKinds))]
    public async Task Req_to_rep(string kind)
    {
        await using var runtime = CreateRuntime();
        await using var rep = runtime.CreateSocket(SocketType.Rep, Options());
        await using var req = runtime.CreateSocket(SocketType.Req, Options());
        var endpoint = await rep.BindAsync(EndpointFor(kind));
        await req.ConnectAsync(endpoint);

        for (var i = 0; i < 3; i++)
        {
            await req.SendAsync("ping");
            Assert.Equal(["ping"], await ReceiveStringsAsync(rep));
            await rep.SendAsync("pong");
            Assert.Equal(["pong"], await ReceiveStringsAsync(req));
        }
    }

    [Theory]
    [MemberData(nameof(AddressKinds))]
    public async Task Dealer_to_router(string kind)
    {
        await using var runtime = CreateRuntime();
        await using var router = runtime.CreateSocket(SocketType.Router, Options());
        await using var dealer = runtime.CreateSocket(SocketType.Dealer, Options(routingId: "dealer-1"));
        var endpoint = await router.BindAsync(EndpointFor(kind));
        await dealer.ConnectAsync(endpoint);

        await dealer.SendAsync("hello");
        Assert.Equal(["dealer-1", "hello"], await ReceiveStringsAsync(router));
        await router.SendAsync("dealer-1", "world");
        Assert.Equal(["world"], await ReceiveStringsAsync(dealer));
    }

    [Fact]
    public async Task Dealer_to_rep()
    {
        await using var runtime = CreateRuntime();
        await using var rep = runtime.CreateSocket(SocketType.Rep, Options());
        await using var dealer = runtime.CreateSocket(SocketType.Dealer, Options());
        var endpoint = await rep.BindAsync(EndpointFor("wildcard"));
        await dealer.ConnectAsync(endpoint);

        // A DEALER speaking to REP writes the empty delimiter REQ would have added.
        await dealer.SendAsync(string.Empty, "question");
        Assert.Equal(["question"], await ReceiveStringsAsync(rep));
        await rep.SendAsync("answer");
        Assert.Equal([string.Empty, "answer"], await ReceiveStringsAsync(dealer));
    }

    [Fact]
    public async Task Req_to_router()
    {
        await using var runtime = CreateRuntime();
        await using var router = runtime.CreateSocket(SocketType.Router, Options());
        await using var req = runtime.CreateSocket(SocketType.Req, Options(routingId: "client"));
        var endpoint = await router.BindAsync(EndpointFor("abstract"));
        await req.ConnectAsync(endpoint);

        await req.SendAsync("question");
        Assert.Equal(["client", string.Empty, "question"], await ReceiveStringsAsync(router));
        await router.SendAsync("client", string.Empty, "answer");
        Assert.Equal(["answer"], await ReceiveStringsAsync(req));
    }

    [Fact]
    public async Task Dealer_to_dealer()
    {
        await using var runtime = CreateRuntime();
        await using var left = runtime.CreateSocket(SocketType.Dealer, Options());
        await using var right = runtime.CreateSocket(SocketType.Dealer, Options());
        var endpoint = await left.BindAsync(EndpointFor("path"));
        await right.ConnectAsync(endpoint);

        await right.SendAsync("a", "b");
        Assert.Equal(["a", "b"], await ReceiveStringsAsync(left));
        await left.SendAsync("c");
        Assert.Equal(["c"], await ReceiveStringsAsync(right));
    }

    [Theory]
    [MemberData(nameof(AddressKinds))]
    public async Task Pub_to_sub_with_the_subscriber_bound(string kind)
    {
        await using var runtime = CreateRuntime();
        await using var sub = runtime.CreateSocket(SocketType.Sub, Options());
        await using var pub = runtime.CreateSocket(SocketType.Pub, Options());
        sub.Subscribe("news");
        var endpoint = await sub.BindAsync(EndpointFor(kind));
        await pub.ConnectAsync(endpoint);

        Assert.Equal(["news", "today"], await PublishUntilReceivedAsync(pub, sub, "news", "today"));
    }

    [Fact]
    public async Task Pub_to_sub_filters_by_topic()
    {
        await using var runtime = CreateRuntime();
        await using var pub = runtime.CreateSocket(SocketType.Pub, Options());
        await using var sub = runtime.CreateSocket(SocketType.Sub, Options());
        var endpoint = await pub.BindAsync(EndpointFor("path"));
        await sub.ConnectAsync(endpoint);
        sub.Subscribe("b");

        Assert.Equal(["b", "first"], await PublishUntilReceivedAsync(pub, sub, "b", "first"));
        await pub.SendAsync("a", "filtered out");
        await pub.SendAsync("b", "last");

        // Messages of one publisher arrive in order, so the one filtered out would come before "last".
        var next = await ReceiveStringsAsync(sub);
        while (next[1] == "first")
        {
            next = await ReceiveStringsAsync(sub);
        }

        Assert.Equal(["b", "last"], next);
    }

    [Fact]
    public async Task Xsub_to_xpub_carries_subscriptions_up_and_messages_down()
    {
        await using var runtime = CreateRuntime();
        await using var xpub = runtime.CreateSocket(SocketType.XPub, Options());
        await using var xsub = runtime.CreateSocket(SocketType.XSub, Options());
        var endpoint = await xpub.BindAsync(EndpointFor("wildcard"));
        await xsub.ConnectAsync(endpoint);

        await xsub.SendAsync(ZMessage.FromFrames([0x01, .. "t"u8]));
        using (var cancel = new CancellationTokenSource(Patience))
        {
            var subscription = await xpub.ReceiveAsync(cancel.Token);
            Assert.Equal(new byte[] { 0x01, (byte)'t' }, subscription[0].ToArray());
        }

        await xpub.SendAsync("t", "data");
        Assert.Equal(["t", "data"], await ReceiveStringsAsync(xsub));
    }

    [Fact]
    public async Task Sub_to_xpub()
    {
        await using var runtime = CreateRuntime();
        await using var xpub = runtime.CreateSocket(SocketType.XPub, Options());
        await using var sub = runtime.CreateSocket(SocketType.Sub, Options());
        var endpoint = await xpub.BindAsync(EndpointFor("abstract"));
        await sub.ConnectAsync(endpoint);
        sub.Subscribe("x");

        // XPUB hands the subscription up, which tells the test the subscriber is ready.
        using (var cancel = new CancellationTokenSource(Patience))
        {
            var subscription = await xpub.ReceiveAsync(cancel.Token);
            Assert.Equal(new byte[] { 0x01, (byte)'x' }, subscription[0].ToArray());
        }

        await xpub.SendAsync("x", "1");
        Assert.Equal(["x", "1"], await ReceiveStringsAsync(sub));
    }

    [Fact]
    public async Task Pub_to_xsub()
    {
        await using var runtime = CreateRuntime();
        await using var pub = runtime.CreateSocket(SocketType.Pub, Options());
        await using var xsub = runtime.CreateSocket(SocketType.XSub, Options());
        var endpoint = await pub.BindAsync(EndpointFor("path"));
        await xsub.ConnectAsync(endpoint);

        await xsub.SendAsync(ZMessage.FromFrames([0x01]));

        Assert.Equal(["any", "thing"], await PublishUntilReceivedAsync(pub, xsub, "any", "thing"));
    }

    [Fact]
    public async Task Router_to_router_with_routing_ids()
    {
        await using var runtime = CreateRuntime();
        await using var server = runtime.CreateSocket(SocketType.Router, Options(routingId: "server"));
        await using var client = runtime.CreateSocket(SocketType.Router, new SocketOptions
        {
            ReconnectInterval = TimeSpan.FromMilliseconds(20),
            RoutingId = "client"u8.ToArray(),
            RouterMandatory = true,
        });
        var endpoint = await server.BindAsync(EndpointFor("path"));
        await client.ConnectAsync(endpoint);

        // A ROUTER can only address a peer once the handshake told it the peer's id; with ROUTER_MANDATORY a
        // send before that fails with EHOSTUNREACH, so the client retries at a short pace until it goes through.
        using var cancel = new CancellationTokenSource(Patience);
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        while (true)
        {
            try
            {
                await client.SendAsync(ZMessage.FromStrings("server", "hi"), cancel.Token);
                break;
            }
            catch (ZmqException e) when (e.Error == ZmqError.HostUnreachable)
            {
                await pace.WaitForNextTickAsync(cancel.Token);
            }
        }

        Assert.Equal(["client", "hi"], await ReceiveStringsAsync(server));
        await server.SendAsync("client", "hello");
        Assert.Equal(["server", "hello"], await ReceiveStringsAsync(client));
    }

    private string EndpointFor(string kind) => kind switch
    {
        "path" => $"ipc://{_scratch.PathOf("endpoint")}",
        // The working directory is the process's, so the relative path leads from it to the scratch directory.
        "relative" => $"ipc://{Path.GetRelativePath(Environment.CurrentDirectory, _scratch.PathOf("endpoint"))}",
        "abstract" => $"ipc://{Scratch.AbstractName()}",
        "wildcard" => "ipc://*",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown address kind"),
    };
}
