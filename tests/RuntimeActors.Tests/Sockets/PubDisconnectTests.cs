using RuntimeActors.Pipes;
using RuntimeActors.Sockets;
using static RuntimeActors.Tests.Sockets.CoreHarness;

namespace RuntimeActors.Tests.Sockets;

/// <summary>
/// A publisher's pipe that outlives connections (a PUB that connected) forgets the lost subscriber: what was queued
/// for it would otherwise hold a close with linger until the subscriber came back, which may be never.
/// </summary>
public sealed class PubDisconnectTests
{
    [Theory]
    [InlineData(SocketType.Pub)]
    [InlineData(SocketType.XPub)]
    public async Task A_lost_connection_drops_the_queued_messages_and_the_subscriptions(SocketType type)
    {
        var pub = Core(type);
        var pipe = ConnectedPipe(pub, SocketType.Sub);
        pub.OnSubscription(pipe, subscribe: true, "t"u8.ToArray());
        await pub.SendAsync(ZMessage.FromStrings("t1"), Patience, CancellationToken.None);
        Assert.Equal(1, pipe.Outbound.Count);

        pub.OnDisconnected(pipe);

        Assert.Equal(0, pipe.Outbound.Count);
        Assert.False(pipe.Subscriptions.Matches("t1"u8));
        pub.OnConnected(pipe, new PeerInfo(SocketType.Sub, ReadOnlyMemory<byte>.Empty, "test://sub", "test://remote", 1));
        Assert.Equal(SendOutcome.Dropped, pub.TrySend(ZMessage.FromStrings("t2")));
    }
}
