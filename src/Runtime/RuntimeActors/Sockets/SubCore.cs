using RuntimeActors.Messages;
using RuntimeActors.Pipes;

namespace RuntimeActors.Sockets;

/// <summary>
/// SUB: receives the messages whose first frame starts with one of its subscriptions. Subscriptions go to
/// every publisher, are replayed to each new or reconnected one, and filter locally too (a 3.0 publisher or
/// a race may send more). Never sends. XSUB extends it.
/// </summary>
internal class SubCore(SocketType type, SocketOptions options) : SocketCore(type, options)
{
    private readonly SubscriptionSet _subscriptions = new();

    public SubCore(SocketOptions options)
        : this(SocketType.Sub, options)
    {
    }

    protected override bool CanSend => false;

    public override void SetSubscription(bool subscribe, ReadOnlyMemory<byte> topic)
    {
        using (Gate.Enter())
        {
            UpdateLocked(subscribe, topic);
        }
    }

    protected void UpdateLocked(bool subscribe, ReadOnlyMemory<byte> topic)
    {
        var changed = subscribe ? _subscriptions.Add(topic.Span) : _subscriptions.Remove(topic.Span);
        if (!changed)
        {
            return;
        }

        // A pipe still connecting gets the whole set replayed once its handshake completes.
        var copy = topic.ToArray();
        foreach (var pipe in Pipes)
        {
            if (pipe.Peer is not null)
            {
                pipe.Outbound.TryWrite(ZMessage.Subscription(subscribe, copy), ignoreLimit: true);
            }
        }
    }

    protected override bool FiltersInbound => true;

    protected override bool HasReceivePolicy => true;

    protected override bool AcceptsInbound(ZMessage message) =>
        _subscriptions.Matches(message.Count > 0 ? message[0].Span : default);

    // Checked again on the way out, as libzmq filters on receive: a message queued before its topic was
    // unsubscribed must not reach the user.
    protected override ZMessage? ReceiveLocked(Pipe pipe, ZMessage message) => AcceptsInbound(message) ? message : null;

    protected override SendOutcome SendLocked(ZMessage message) => SendOutcome.WouldBlock;

    protected override void OnAttachedLocked(Pipe pipe) => Replay(pipe);

    // A new or reconnected publisher knows none of our subscriptions, so it gets them all; the ones still
    // queued from before the connection are dropped first, because publishers count subscriptions and
    // one sent twice would outlive its cancellation.
    protected override void OnConnectedLocked(Pipe pipe)
    {
        pipe.Outbound.RemoveAll(message => message.Kind != MessageKind.Data);
        Replay(pipe);
    }

    private void Replay(Pipe pipe)
    {
        if (pipe.Peer is null)
        {
            return;
        }

        foreach (var prefix in _subscriptions.Prefixes())
        {
            pipe.Outbound.TryWrite(ZMessage.Subscription(true, prefix), ignoreLimit: true);
        }
    }
}
