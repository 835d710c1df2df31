using RuntimeActors.Pipes;

namespace RuntimeActors.Sockets;

/// <summary>
/// PUB: sends each message to every peer subscribed to a prefix of its first frame, dropping it for a peer at
/// its high-water mark; never receives. XPUB extends it.
/// </summary>
internal class PubCore(SocketType type, SocketOptions options) : SocketCore(type, options)
{
    public PubCore(SocketOptions options)
        : this(SocketType.Pub, options)
    {
    }

    protected override bool CanReceive => false;

    public override void OnSubscription(Pipe pipe, bool subscribe, ReadOnlyMemory<byte> topic)
    {
        using (Gate.Enter())
        {
            if (Pipes.Contains(pipe))
            {
                OnSubscriptionLocked(pipe, subscribe, topic);
            }
        }
    }

    protected virtual void OnSubscriptionLocked(Pipe pipe, bool subscribe, ReadOnlyMemory<byte> topic)
    {
        if (subscribe)
        {
            pipe.Subscriptions.Add(topic.Span);
        }
        else
        {
            pipe.Subscriptions.Remove(topic.Span);
        }
    }

    // A subscriber that reconnects replays its subscriptions, and fan-out is lossy by design: what was queued for
    // the lost connection is dropped rather than kept for a peer that may never come back (it would hold a close
    // with linger for ever).
    protected override void OnDisconnectedLocked(Pipe pipe)
    {
        pipe.Subscriptions.Clear();
        pipe.Outbound.Clear();
    }

    protected override SendOutcome SendLocked(ZMessage message)
    {
        var topic = message.Count > 0 ? message[0].Span : default;
        var sent = false;
        if (Pipes.Count > 1)
        {
            // Every matching pipe queues this one object: none of their writers may recycle it.
            message.Share();
        }

        foreach (var pipe in Pipes)
        {
            if (pipe.Peer is not null && pipe.Subscriptions.Matches(topic))
            {
                if (pipe.Outbound.TryWrite(message))
                {
                    sent = true;
                }
                else
                {
                    // A subscriber at its high-water mark misses this message: counted, as the one loss PUB allows.
                    CountDrop();
                }
            }
        }

        return sent ? SendOutcome.Sent : SendOutcome.Dropped;
    }
}
