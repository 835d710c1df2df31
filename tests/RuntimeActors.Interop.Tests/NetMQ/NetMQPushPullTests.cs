using NetMQ.Sockets;

namespace RuntimeActors.Interop.Tests.NetMQ;

[Collection(NetMQCollection.Name)]
public sealed class NetMQPushPullTests(ITestOutputHelper output) : NetMQTest(output)
{
    private static readonly byte[] Megabyte = MakeMegabyte();

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Dotnet_push_feeds_a_netmq_pull(bool dotnetBinds)
    {
        var push = Socket(SocketType.Push);
        var pull = await NetMQAsync(() => new PullSocket());
        await LinkAsync(push, pull, dotnetBinds);

        await SendAsync(push, "one");
        await SendAsync(push, "two", "", "parts");
        await SendAsync(push, "");
        await SendAsync(push, ZMessage.FromFrames(Bytes("big"), Megabyte, []));

        Assert.Equal(["one"], await pull.ReceiveStringsAsync());
        Assert.Equal(["two", "", "parts"], await pull.ReceiveStringsAsync());
        Assert.Equal([""], await pull.ReceiveStringsAsync());
        AssertBig(await pull.ReceiveAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Netmq_push_feeds_a_dotnet_pull(bool dotnetBinds)
    {
        var pull = Socket(SocketType.Pull);
        var push = await NetMQAsync(() => new PushSocket());
        await LinkAsync(pull, push, dotnetBinds);

        await push.SendAsync("one");
        await push.SendAsync("two", "", "parts");
        await push.SendAsync("");
        await push.SendAsync(Bytes("big"), Megabyte, []);

        Assert.Equal(["one"], (await ReceiveAsync(pull)).GetStrings());
        Assert.Equal(["two", "", "parts"], (await ReceiveAsync(pull)).GetStrings());
        Assert.Equal([""], (await ReceiveAsync(pull)).GetStrings());
        AssertBig(Frames(await ReceiveAsync(pull)));
    }

    private static byte[][] Frames(ZMessage message) => [.. message.Select(frame => frame.ToArray())];

    // Compared whole but reported by where they differ: xunit would print a megabyte.
    private static void AssertBig(byte[][] frames)
    {
        Assert.Equal(3, frames.Length);
        Assert.Equal(Bytes("big"), frames[0]);
        Assert.Equal(Megabyte.Length, frames[1].Length);
        Assert.True(Megabyte.AsSpan().SequenceEqual(frames[1]), $"The 1 MB frame differs from byte {Megabyte.AsSpan().CommonPrefixLength(frames[1])} on.");
        Assert.Empty(frames[2]);
    }

    private static byte[] MakeMegabyte()
    {
        var bytes = new byte[1024 * 1024];
        new Random(1).NextBytes(bytes);
        return bytes;
    }
}
