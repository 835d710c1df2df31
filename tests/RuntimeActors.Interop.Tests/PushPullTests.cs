namespace RuntimeActors.Interop.Tests;

public sealed class PushPullTests(ITestOutputHelper output) : InteropTest(output)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Dotnet_push_feeds_a_libzmq_pull(bool dotnetBinds)
    {
        var push = Socket(SocketType.Push);
        var peer = await StartLinkedPeerAsync(push, dotnetBinds, "PULL", "recv:3");

        await SendAsync(push, "one");
        await SendAsync(push, "two", "parts");
        await SendAsync(push, ZMessage.FromFrames([0x00, 0xff], [], [0x01]));

        Assert.Equal(["one"], (await peer.ReceivedAsync()).Strings);
        Assert.Equal(["two", "parts"], (await peer.ReceivedAsync()).Strings);
        Assert.Equal([[0x00, 0xff], [], [0x01]], (await peer.ReceivedAsync()).Frames);
        await peer.FinishAsync();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Libzmq_push_feeds_a_dotnet_pull(bool dotnetBinds)
    {
        var pull = Socket(SocketType.Pull);
        var peer = await StartLinkedPeerAsync(pull, dotnetBinds, "PUSH", "send:one", "send:two|parts", "send:hex:00ff||hex:01");

        Assert.Equal(["one"], (await ReceiveAsync(pull)).GetStrings());
        Assert.Equal(["two", "parts"], (await ReceiveAsync(pull)).GetStrings());
        Assert.Equal([[0x00, 0xff], [], [0x01]], (await ReceiveAsync(pull)).Select(frame => frame.ToArray()));
        await peer.FinishAsync();
    }
}
