using RuntimeActors.Messages;
using RuntimeActors.Pipes;
using RuntimeActors.Sockets;
using static RuntimeActors.Tests.Sockets.CoreHarness;

namespace RuntimeActors.Tests.Sockets;

/// <summary>
/// A SUB or XSUB replays its subscriptions to every connection of a connecting pipe, which outlives its
/// connections. Publishers count subscriptions (libzmq does too), so one sent twice would need two
/// cancellations: each connection must get each subscription exactly once.
/// </summary>
public sealed class SubscriptionReplayTests
{
    [Fact]
    public void A_subscription_made_while_connecting_reaches_the_publisher_once()
    {
        var sub = Core(SocketType.Sub);
        var pipe = ConnectingPipe(sub);

        sub.SetSubscription(true, "a."u8.ToArray());
        Connect(sub, pipe);

        Assert.Equal(["+a."], Describe(Drain(pipe)));
    }

    [Fact]
    public void A_reconnected_publisher_gets_each_subscription_once_however_many_were_unsent()
    {
        var sub = Core(SocketType.Sub);
        var pipe = ConnectingPipe(sub);
        Connect(sub, pipe);
        sub.SetSubscription(true, "a."u8.ToArray());
        sub.SetSubscription(true, "b."u8.ToArray());
        sub.SetSubscription(false, "b."u8.ToArray());

        // The connection is lost before its engine sent any of them.
        pipe.Peer = null;
        Connect(sub, pipe);

        Assert.Equal(["+a."], Describe(Drain(pipe)));
    }

    [Fact]
    public void An_xsub_keeps_the_messages_it_sent_upstream_while_connecting()
    {
        var xsub = Core(SocketType.XSub);
        var pipe = ConnectingPipe(xsub);

        Assert.Equal(SendOutcome.Sent, xsub.TrySend(ZMessage.FromFrames([1, (byte)'a'])));
        Assert.Equal(SendOutcome.Sent, xsub.TrySend(ZMessage.FromStrings("upstream")));
        Connect(xsub, pipe);

        Assert.Equal(["upstream", "+a"], Describe(Drain(pipe)));
    }

    /// <summary>A pipe attached before its connection's handshake, as a connect without ZMQ_IMMEDIATE makes it.</summary>
    private static Pipe ConnectingPipe(SocketCore core)
    {
        var pipe = new Pipe("test://publisher", 1000);
        Assert.True(core.Attach(pipe));
        return pipe;
    }

    private static void Connect(SocketCore core, Pipe pipe)
    {
        core.OnConnected(pipe, new PeerInfo(SocketType.XPub, ReadOnlyMemory<byte>.Empty, "test://publisher", "test://remote", 1));
    }

    private static List<string> Describe(List<ZMessage> messages) =>
        messages.Select(m => m.Kind switch
        {
            MessageKind.Subscribe => $"+{m.GetString(0)}",
            MessageKind.Cancel => $"-{m.GetString(0)}",
            _ => string.Join("|", m.GetStrings()),
        }).ToList();
}
