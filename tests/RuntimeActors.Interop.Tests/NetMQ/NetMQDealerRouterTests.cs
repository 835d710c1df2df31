using NetMQ.Sockets;

namespace RuntimeActors.Interop.Tests.NetMQ;

/// <summary>
/// DEALER and ROUTER against NetMQ's, with two dealers on one router: the router must know each by the routing id
/// it announced, and a reply addressed to one must reach that one. The router answers in the other order than the
/// dealers asked, so replies that went by arrival or by turn would land on the wrong dealer.
/// </summary>
[Collection(NetMQCollection.Name)]
public sealed class NetMQDealerRouterTests(ITestOutputHelper output) : NetMQTest(output)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_netmq_router_routes_to_dotnet_dealers_by_their_routing_ids(bool dotnetBinds)
    {
        var router = await NetMQAsync(() => new RouterSocket());
        var alice = Socket(SocketType.Dealer, o => o.RoutingId = Bytes("alice"));
        var bob = Socket(SocketType.Dealer, o => o.RoutingId = Bytes("bob"));
        await LinkAsync(alice, router, dotnetBinds);
        await LinkAsync(bob, router, dotnetBinds);

        await SendAsync(alice, "from alice", "", "tail");
        await SendAsync(bob, "from bob");
        var asked = new[] { await router.ReceiveStringsAsync(), await router.ReceiveStringsAsync() }.ToDictionary(m => m[0], m => m[1..]);
        Assert.Equal(["from alice", "", "tail"], asked["alice"]);
        Assert.Equal(["from bob"], asked["bob"]);

        await router.SendAsync("bob", "to bob");
        await router.SendAsync("alice", "to alice", "", "tail");
        Assert.Equal(["to bob"], (await ReceiveAsync(bob)).GetStrings());
        Assert.Equal(["to alice", "", "tail"], (await ReceiveAsync(alice)).GetStrings());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_dotnet_router_routes_to_netmq_dealers_by_their_routing_ids(bool dotnetBinds)
    {
        var router = Socket(SocketType.Router);
        var alice = await NetMQAsync(() => new DealerSocket());
        var bob = await NetMQAsync(() => new DealerSocket());
        await alice.RunAsync(s => s.Options.Identity = Bytes("alice"));
        await bob.RunAsync(s => s.Options.Identity = Bytes("bob"));
        await LinkAsync(router, alice, dotnetBinds);
        await LinkAsync(router, bob, dotnetBinds);

        await alice.SendAsync("from alice", "", "tail");
        await bob.SendAsync("from bob");
        var asked = new[] { (await ReceiveAsync(router)).GetStrings(), (await ReceiveAsync(router)).GetStrings() }.ToDictionary(m => m[0], m => m.Skip(1));
        Assert.Equal(["from alice", "", "tail"], asked["alice"]);
        Assert.Equal(["from bob"], asked["bob"]);

        await SendAsync(router, "bob", "to bob");
        await SendAsync(router, "alice", "to alice", "", "tail");
        Assert.Equal(["to bob"], await bob.ReceiveStringsAsync());
        Assert.Equal(["to alice", "", "tail"], await alice.ReceiveStringsAsync());
    }
}
