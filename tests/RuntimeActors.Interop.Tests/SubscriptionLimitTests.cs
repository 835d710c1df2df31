using RuntimeActors.TestKit;

namespace RuntimeActors.Interop.Tests;

/// <summary>MaxSubscriptionsPerPeer against a libzmq SUB: a subscriber past the bound loses its connection, with an error naming the bound.</summary>
public sealed class SubscriptionLimitTests(ITestOutputHelper output) : InteropTest(output)
{
    [Fact]
    public async Task A_libzmq_sub_past_MaxSubscriptionsPerPeer_is_disconnected_with_ENOBUFS_naming_the_bound()
    {
        var pub = Socket(SocketType.Pub, o => o.MaxSubscriptionsPerPeer = 2);
        var monitor = this.MonitorSocket(pub);
        await StartLinkedPeerAsync(pub, dotnetBinds: true, "SUB", "sub:a", "sub:b", "sub:c", Link, "wait:end");

        var ended = await monitor.ExpectSocketEventAsync(SocketEventKind.Disconnected, timeout: Patience);

        var error = Assert.IsType<ZmqException>(ended.Error);
        Assert.Equal(ZmqError.NoBufferSpace, error.Error);
        Assert.Contains("more than 2 distinct topic prefixes (MaxSubscriptionsPerPeer)", error.Message, StringComparison.Ordinal);
    }
}
