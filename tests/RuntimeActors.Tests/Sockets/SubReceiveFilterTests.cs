using RuntimeActors.Sockets;
using static RuntimeActors.Tests.Sockets.CoreHarness;

namespace RuntimeActors.Tests.Sockets;

/// <summary>
/// A SUB filters when the user receives, not only when a message arrives: libzmq 4.3.4 does not return a
/// message of a topic unsubscribed after the message arrived. An XSUB does not filter at all.
/// </summary>
public sealed class SubReceiveFilterTests
{
    [Fact]
    public async Task A_message_that_arrived_before_its_topic_was_unsubscribed_is_not_received()
    {
        var sub = Core(SocketType.Sub);
        sub.SetSubscription(true, "a."u8.ToArray());
        sub.SetSubscription(true, "b."u8.ToArray());
        var publisher = ConnectedPipe(sub, SocketType.Pub);
        await Deliver(sub, publisher, "a.1");
        await Deliver(sub, publisher, "b.1");

        sub.SetSubscription(false, "a."u8.ToArray());

        Assert.Equal("b.1", await Receive(sub));
        Assert.False(sub.TryReceive(out _));
    }

    [Fact]
    public async Task An_xsub_receives_what_arrived_whatever_it_unsubscribes()
    {
        var xsub = Core(SocketType.XSub);
        var publisher = ConnectedPipe(xsub, SocketType.Pub);
        xsub.TrySend(ZMessage.FromFrames([1, (byte)'a']));
        await Deliver(xsub, publisher, "a.1");

        xsub.TrySend(ZMessage.FromFrames([0, (byte)'a']));

        Assert.Equal("a.1", await Receive(xsub));
    }
}
