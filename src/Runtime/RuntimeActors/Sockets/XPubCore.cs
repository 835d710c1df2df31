using RuntimeActors.Pipes;

namespace RuntimeActors.Sockets;

/// <summary>
/// XPUB: a PUB whose user also receives the subscriptions, as messages whose first byte is 1 (subscribe) or
/// 0 (cancel) followed by the topic. Without ZMQ_XPUB_VERBOSE only the first subscription of a topic across
/// all peers, and its last cancellation, are passed up.
/// </summary>
internal sealed class XPubCore(SocketOptions options) : PubCore(SocketType.XPub, options)
{
    private readonly SubscriptionSet _all = new();

    protected override bool CanReceive => true;

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
