using RuntimeActors.Pipes;

namespace RuntimeActors.Sockets;

/// <summary>
/// XPUB: a PUB whose user also receives the subscriptions, as messages whose first byte is 1 (subscribe) or
/// 0 (cancel) followed by the topic. Without ZMQ_XPUB_VERBOSE only the first subscription of a topic across
/// all peers, and its last cancellation, are passed up.
/// </summary>
/// <remarks>
/// Reports go through the inbound queue, whose RCVHWM applies to them as to messages: while it is full, a peer's
/// engine waits before it acts on the next subscription and stops reading, so a peer that floods subscriptions to an
/// XPUB whose application does not read is pushed back through the transport instead of growing the queue. An
/// application that never reads the reports sets RCVHWM to 0. The cancellations of a departed peer are queued whatever
/// the mark, as they must not be lost; the subscription bounds per peer bound them.
/// </remarks>
internal sealed class XPubCore(SocketOptions options) : PubCore(SocketType.XPub, options)
{
    private readonly SubscriptionSet _all = new();

    protected override bool CanReceive => true;

    protected override bool ReportsSubscriptions => true;

    protected override void OnSubscriptionLocked(Pipe pipe, bool subscribe, ReadOnlyMemory<byte> topic)
    {
        base.OnSubscriptionLocked(pipe, subscribe, topic);
        var first = subscribe ? _all.Add(topic.Span) : _all.Remove(topic.Span);
        if (first || (subscribe && Options.XPubVerbose))
        {
            var report = new byte[topic.Length + 1];
            report[0] = subscribe ? (byte)1 : (byte)0;
            topic.Span.CopyTo(report.AsSpan(1));
            EnqueueInbound(pipe, new ZMessage().Append(report));
        }
    }

    // A lost connection takes its subscriptions with it, as a departed subscriber does; its reconnection subscribes anew.
    protected override void OnDisconnectedLocked(Pipe pipe)
    {
        OnDetachedLocked(pipe);
        pipe.Outbound.Clear();
    }

    protected override void OnDetachedLocked(Pipe pipe)
    {
        // A departed subscriber's topics are cancelled on its behalf, as libzmq does.
        foreach (var (prefix, count) in pipe.Subscriptions.Clear())
        {
            for (var i = 0; i < count; i++)
            {
                if (_all.Remove(prefix))
                {
                    var report = new byte[prefix.Length + 1];
                    prefix.CopyTo(report.AsSpan(1));
                    EnqueueInbound(pipe, new ZMessage().Append(report));
                }
            }
        }
    }
}
