using RuntimeActors.Pipes;

namespace RuntimeActors.Sockets;

/// <summary>
/// PUB: sends each message to every peer subscribed to a prefix of its first frame, dropping it for a peer at
/// its high-water mark; never receives. XPUB extends it.
/// </summary>
/// <remarks>
/// What one peer's subscriptions may hold is bounded (<see cref="SocketOptions.MaxSubscriptionsPerPeer"/>,
/// <see cref="SocketOptions.MaxSubscriptionBytesPerPeer"/>): a subscription past either bound fails the peer's
/// connection with ENOBUFS naming the bound, rather than being ignored, so that the peer and the logs learn of it
/// instead of a subscriber silently missing messages.
/// </remarks>
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

    public override void SubscribeToEverything(Pipe pipe)
    {
        using (Gate.Enter())
        {
            // The empty prefix matches every message; no bound applies to the runtime's own subscription.
            pipe.Subscriptions.TryAdd(ReadOnlySpan<byte>.Empty, maxCount: 0, maxBytes: 0, out _);
        }
    }

    protected virtual void OnSubscriptionLocked(Pipe pipe, bool subscribe, ReadOnlyMemory<byte> topic)
    {
        if (subscribe)
        {
            if (!pipe.Subscriptions.TryAdd(topic.Span, Options.MaxSubscriptionsPerPeer, Options.MaxSubscriptionBytesPerPeer, out _))
            {
                // Thrown to the peer's engine, whose connection it ends; the subscription was not taken.
                throw SubscriptionBoundPassed(pipe, topic.Length);
            }
        }
        else
        {
            pipe.Subscriptions.Remove(topic.Span);
        }
    }

    private ZmqException SubscriptionBoundPassed(Pipe pipe, int topicLength)
    {
        var peer = pipe.Peer?.RemoteAddress ?? "the peer";
        var maxCount = Options.MaxSubscriptionsPerPeer;
        var reason = maxCount > 0 && pipe.Subscriptions.Count >= maxCount
            ? $"{peer} subscribed to more than {maxCount} distinct topic prefixes (MaxSubscriptionsPerPeer); its connection is closed"
            : $"{peer} subscribed to {pipe.Subscriptions.Bytes + topicLength} bytes of topic prefixes, over the {Options.MaxSubscriptionBytesPerPeer} of MaxSubscriptionBytesPerPeer; its connection is closed";
        return new ZmqException(ZmqError.NoBufferSpace, pipe.Endpoint, reason);
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
                    CountDrop(pipe);
                }
            }
        }

        return sent ? SendOutcome.Sent : SendOutcome.Dropped;
    }
}
