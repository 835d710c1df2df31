namespace RuntimeActors.Interop.Tests;

public sealed class ReqRepTests(ITestOutputHelper output) : InteropTest(output)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Dotnet_req_gets_the_replies_of_a_libzmq_rep(bool dotnetBinds)
    {
        var req = Socket(SocketType.Req);
        var peer = await StartLinkedPeerAsync(req, dotnetBinds, "REP", "echo:2:re:");

        await SendAsync(req, "hello");
        Assert.Equal(["re:hello"], (await ReceiveAsync(req)).GetStrings());
        Assert.Equal(["re:hello"], (await peer.ExpectAsync("echoed")).Strings);

        // An empty frame inside the body must not be taken for the envelope's delimiter.
        await SendAsync(req, "multi", "", "part");
        Assert.Equal(["multi", "", "re:part"], (await ReceiveAsync(req)).GetStrings());
        Assert.Equal(["multi", "", "re:part"], (await peer.ExpectAsync("echoed")).Strings);
        await peer.FinishAsync();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Libzmq_req_gets_the_replies_of_a_dotnet_rep(bool dotnetBinds)
    {
        var rep = Socket(SocketType.Rep);
        var peer = await StartLinkedPeerAsync(rep, dotnetBinds, "REQ", "send:hello", "recv:1", "send:multi||part", "recv:1");

        Assert.Equal(["hello"], (await ReceiveAsync(rep)).GetStrings());
        await SendAsync(rep, "re:hello");
        Assert.Equal(["re:hello"], (await peer.ReceivedAsync()).Strings);

        Assert.Equal(["multi", "", "part"], (await ReceiveAsync(rep)).GetStrings());
        await SendAsync(rep, "re:multi", "", "part");
        Assert.Equal(["re:multi", "", "part"], (await peer.ReceivedAsync()).Strings);
        await peer.FinishAsync();
    }
}
