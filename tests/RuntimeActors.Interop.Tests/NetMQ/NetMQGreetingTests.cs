using System.Net;
using System.Net.Sockets;
using NetMQ.Sockets;

namespace RuntimeActors.Interop.Tests.NetMQ;

/// <summary>What makes NetMQ worth testing against beside libzmq: it speaks ZMTP 3.0, which has no SUBSCRIBE command.</summary>
[Collection(NetMQCollection.Name)]
public sealed class NetMQGreetingTests(ITestOutputHelper output) : NetMQTest(output)
{
    [Fact]
    public async Task Netmq_greets_with_zmtp_3_0_and_the_null_mechanism()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var push = await NetMQAsync(() => new PushSocket());
        await push.ConnectAsync($"tcp://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");

        using var limit = new CancellationTokenSource(Patience);
        using var connection = await listener.AcceptTcpClientAsync(limit.Token);
        var stream = connection.GetStream();

        // The signature first; the rest of a greeting may wait for the other side's signature and major version.
        var signature = new byte[10];
        await stream.ReadExactlyAsync(signature, limit.Token);
        // The padding between is libzmq's nod to ZMTP 1.0 (an identity length), which ZMTP 3 ignores.
        Assert.Equal(0xff, signature[0]);
        Assert.Equal(0x7f, signature[9]);
        await stream.WriteAsync(new byte[] { 0xff, 0, 0, 0, 0, 0, 0, 0, 0, 0x7f, 3 }, limit.Token);

        var rest = new byte[54];
        await stream.ReadExactlyAsync(rest, limit.Token);
        Assert.Equal(3, rest[0]);
        Assert.Equal(0, rest[1]);
        Assert.Equal("NULL", System.Text.Encoding.ASCII.GetString(rest, 2, 20).TrimEnd('\0'));
    }
}
