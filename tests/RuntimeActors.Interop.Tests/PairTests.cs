namespace RuntimeActors.Interop.Tests;

public sealed class PairTests(ITestOutputHelper output) : InteropTest(output)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Dotnet_pair_and_libzmq_pair_talk_both_ways(bool dotnetBinds)
    {
        var pair = Socket(SocketType.Pair);
        var peer = await StartLinkedPeerAsync(pair, dotnetBinds, "PAIR", "recv:1", "send:from|libzmq", "echo:1:re:");

        await SendAsync(pair, "from", "dotnet");
        Assert.Equal(["from", "dotnet"], (await peer.ReceivedAsync()).Strings);
        Assert.Equal(["from", "libzmq"], (await ReceiveAsync(pair)).GetStrings());

        await SendAsync(pair, "ping");
        Assert.Equal(["re:ping"], (await ReceiveAsync(pair)).GetStrings());
        Assert.Equal(["re:ping"], (await peer.ExpectAsync("echoed")).Strings);
        await peer.FinishAsync();
    }
}
