namespace RuntimeActors.Interop.Tests;

/// <summary>DEALER and ROUTER against libzmq's, each side announcing its ZMQ_ROUTING_ID and routing by the other's.</summary>
public sealed class DealerRouterTests(ITestOutputHelper output) : InteropTest(output)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_libzmq_router_knows_a_dotnet_dealer_by_its_routing_id(bool dotnetBinds)
    {
        var dealer = Socket(SocketType.Dealer, o => o.RoutingId = Bytes("dotnet-dealer"));
        var peer = await StartLinkedPeerAsync(dealer, dotnetBinds, "ROUTER", "opt:ROUTING_ID=zmq-router", Link, "echo:2:re:");

        await SendAsync(dealer, "hello");
        Assert.Equal(["dotnet-dealer", "re:hello"], (await peer.ExpectAsync("echoed")).Strings);
        Assert.Equal(["re:hello"], (await ReceiveAsync(dealer)).GetStrings());

        await SendAsync(dealer, "multi", "", "", "part");
        Assert.Equal(["dotnet-dealer", "multi", "", "", "re:part"], (await peer.ExpectAsync("echoed")).Strings);
        Assert.Equal(["multi", "", "", "re:part"], (await ReceiveAsync(dealer)).GetStrings());
        await peer.FinishAsync();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_dotnet_router_knows_a_libzmq_dealer_by_its_routing_id(bool dotnetBinds)
    {
        var router = Socket(SocketType.Router, o => o.RoutingId = Bytes("dotnet-router"));
        var peer = await StartLinkedPeerAsync(
            router, dotnetBinds, "DEALER", "opt:ROUTING_ID=zmq-dealer", Link, "send:hello|world", "send:||tail", "recv:2");

        Assert.Equal(["zmq-dealer", "hello", "world"], (await ReceiveAsync(router)).GetStrings());
        Assert.Equal(["zmq-dealer", "", "", "tail"], (await ReceiveAsync(router)).GetStrings());
        await SendAsync(router, "zmq-dealer", "re:hello");
        await SendAsync(router, "zmq-dealer", "", "re:tail");
        Assert.Equal(["re:hello"], (await peer.ReceivedAsync()).Strings);
        Assert.Equal(["", "re:tail"], (await peer.ReceivedAsync()).Strings);
        await peer.FinishAsync();
    }

    // Neither ROUTER can send before it knows the other's id, which the handshake brings: ours waits for it
    // (and is mandatory, so that a message sent too early fails instead of vanishing), libzmq's only echoes.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Two_routers_address_each_other_by_routing_id(bool dotnetBinds)
    {
        var router = Socket(SocketType.Router, o =>
        {
            o.RoutingId = Bytes("dotnet-router");
            o.RouterMandatory = true;
        });
        WatchSocketEvents();
        var peer = await StartLinkedPeerAsync(router, dotnetBinds, "ROUTER", "opt:ROUTING_ID=zmq-router", Link, "echo:1:re:");

        await ExpectSocketEventAsync(router, SocketEventKind.HandshakeSucceeded);
        await SendAsync(router, "zmq-router", "hello", "", "world");
        Assert.Equal(["dotnet-router", "hello", "", "re:world"], (await peer.ExpectAsync("echoed")).Strings);
        Assert.Equal(["zmq-router", "hello", "", "re:world"], (await ReceiveAsync(router)).GetStrings());
        await peer.FinishAsync();
    }
}
