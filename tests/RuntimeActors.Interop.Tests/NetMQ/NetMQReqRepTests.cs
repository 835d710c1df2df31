using NetMQ.Sockets;

namespace RuntimeActors.Interop.Tests.NetMQ;

[Collection(NetMQCollection.Name)]
public sealed class NetMQReqRepTests(ITestOutputHelper output) : NetMQTest(output)
{
    private const int RoundTrips = 5;

    // An empty frame inside the body must not be taken for the envelope's delimiter.
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Dotnet_req_gets_the_replies_of_a_netmq_rep_in_order(bool dotnetBinds)
    {
        var req = Socket(SocketType.Req);
        var rep = await NetMQAsync(() => new ResponseSocket());
        await LinkAsync(req, rep, dotnetBinds);

        for (var i = 1; i <= RoundTrips; i++)
        {
            await SendAsync(req, $"question {i}", "", "part");
            Assert.Equal([$"question {i}", "", "part"], await rep.ReceiveStringsAsync());
            await rep.SendAsync($"answer {i}", "", "part");
            Assert.Equal([$"answer {i}", "", "part"], (await ReceiveAsync(req)).GetStrings());
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Netmq_req_gets_the_replies_of_a_dotnet_rep_in_order(bool dotnetBinds)
    {
        var rep = Socket(SocketType.Rep);
        var req = await NetMQAsync(() => new RequestSocket());
        await LinkAsync(rep, req, dotnetBinds);

        for (var i = 1; i <= RoundTrips; i++)
        {
            await req.SendAsync($"question {i}", "", "part");
            Assert.Equal([$"question {i}", "", "part"], (await ReceiveAsync(rep)).GetStrings());
            await SendAsync(rep, $"answer {i}", "", "part");
            Assert.Equal([$"answer {i}", "", "part"], await req.ReceiveStringsAsync());
        }
    }
}
