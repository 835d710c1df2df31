using System.Runtime.CompilerServices;
using RuntimeActors.Engine;
using RuntimeActors.Monitoring;
using RuntimeActors.Pipes;

namespace RuntimeActors.Sockets;

/// <summary>
/// The data path of one socket: its pipes, the routing of its socket type, and its inbound queue. Sends and
/// receives run on the caller's thread under one lock (no actor message per message); the socket actor only
/// attaches and detaches pipes as connections come and go. One subclass per socket type, each the policy of
/// zmq_socket(3) for that type.
/// </summary>
internal abstract partial class SocketCore : IEngineHost
{
    private readonly InboundQueue _inbound;
    private readonly AsyncSignal _writable = new();
    private readonly Func<ZMessage, bool>? _acceptsInbound;
    private readonly ReusableTimeout _receiveTimeout = new();
    private readonly ReusableTimeout _sendTimeout = new();
    private volatile bool _closed;
    private long _droppedAtHighWaterMark;

    protected SocketCore(SocketType type, SocketOptions options)
    {
        Type = type;
        Options = options;
        _inbound = new InboundQueue(options.ReceiveHighWaterMark);
        _acceptsInbound = FiltersInbound ? AcceptsOrRecycle : null;
    }

    public SocketType Type { get; }

    public SocketOptions Options { get; }

    /// <summary>Every pipe the socket routes to, connected or still connecting.</summary>
    protected List<Pipe> Pipes { get; } = [];

    protected SpinGate Gate { get; } = new();

    public bool IsClosed => _closed;

    /// <summary>Messages a subscriber missed because its pipe was at the high-water mark (PUB, XPUB), one per subscriber.</summary>
    public long DroppedAtHighWaterMark => Interlocked.Read(ref _droppedAtHighWaterMark);

    /// <summary>Whether this type can send at all; ENOTSUP otherwise.</summary>
    protected virtual bool CanSend => true;

    /// <summary>Whether this type can receive at all; ENOTSUP otherwise.</summary>
    protected virtual bool CanReceive => true;

    /// <summary>Whether subscriptions are passed up through the inbound queue (XPUB), so that they wait for room in it.</summary>
    protected virtual bool ReportsSubscriptions => false;

    /// <summary>Whether <see cref="AcceptsInbound"/> drops some messages (SUB); read once, by the constructor.</summary>
    protected virtual bool FiltersInbound => false;

    /// <summary>Whether <see cref="ReceiveLocked"/> changes or drops messages; types that take them as they come skip the lock.</summary>
    protected virtual bool HasReceivePolicy => false;

    /// <summary>
    /// Adds a pipe; false when the type refuses another peer (PAIR is exclusive, ROUTER refuses a duplicate
    /// routing id), in which case the caller closes the connection.
    /// </summary>
    public bool Attach(Pipe pipe)
    {
        using (Gate.Enter())
        {
            if (_closed || !AcceptsLocked(pipe))
            {
                return false;
            }

            Pipes.Add(pipe);
            RuntimeMetrics.Track(pipe);
            pipe.Outbound.OnWritable = _writable.Pulse;
            OnAttachedLocked(pipe);
        }

        _writable.Pulse();
        return true;
    }

    /// <summary>A connection's handshake completed for a pipe that was attached before it (no ZMQ_IMMEDIATE).</summary>
    /// <remarks>
    /// The peer is set under the socket's lock so that a subscription made at the same moment is either
    /// written to the pipe or replayed to it, never both (a publisher counts duplicates).
    /// </remarks>
    public void OnConnected(Pipe pipe, PeerInfo peer)
    {
        using (Gate.Enter())
        {
            pipe.Peer = peer;
            if (Pipes.Contains(pipe))
            {
                OnConnectedLocked(pipe);
            }
        }

        _writable.Pulse();
    }

    /// <summary>The connection of a pipe that outlives connections ended; it waits for the next one.</summary>
    public void OnDisconnected(Pipe pipe)
    {
        using (Gate.Enter())
        {
            pipe.Peer = null;
            if (Pipes.Contains(pipe))
            {
                OnDisconnectedLocked(pipe);
            }
        }
    }

    /// <summary>Removes a pipe; messages still queued for it are dropped.</summary>
    public void Detach(Pipe pipe)
    {
        using (Gate.Enter())
        {
            if (!Pipes.Remove(pipe))
            {
                return;
            }

            RuntimeMetrics.Retire(pipe);
            OnDetachedLocked(pipe);
        }

        pipe.Outbound.Complete();
        _writable.Pulse();
    }

    /// <summary>The socket's peers and queues now, for <see cref="Zmq.GetStatus"/>.</summary>
    public (IReadOnlyList<Zmq.PeerStatus> Peers, int InboundQueued) Status()
    {
        Pipe[] pipes;
        using (Gate.Enter())
        {
            pipes = [.. Pipes];
        }

        var inbound = _inbound.SharedCount;
        var peers = new Zmq.PeerStatus[pipes.Length];
        for (var i = 0; i < pipes.Length; i++)
        {
            var pipe = pipes[i];
            var peer = pipe.Peer;
            inbound += pipe.InboundLane?.Count ?? 0;
            peers[i] = new Zmq.PeerStatus(
                pipe.Endpoint,
                peer?.RemoteAddress,
                peer?.SocketType,
                pipe.Outbound.Count,
                pipe.Traffic.MessagesSent,
                pipe.Traffic.MessagesReceived);
        }

        return (peers, inbound);
    }

    /// <summary>Stops taking messages: pending and later sends and receives fail with ENOTSOCK.</summary>
    public void Close()
    {
        _closed = true;
        _inbound.Complete();
        _writable.Pulse();
        _receiveTimeout.Close();
        _sendTimeout.Close();
    }

    /// <summary>The pipes attached now, for linger and monitoring.</summary>
    public IReadOnlyList<Pipe> SnapshotPipes()
    {
        using (Gate.Enter())
        {
            return [.. Pipes];
        }
    }

    /// <summary>Routes <paramref name="message"/>, waiting at the high-water mark as the type requires.</summary>
    /// <remarks>The pipes get a pooled copy of the message, never the caller's object: it is the caller's again when this returns.</remarks>
    /// <exception cref="ZmqException">EAGAIN after <paramref name="timeout"/>, ENOTSUP, EFSM, EHOSTUNREACH, ENOTSOCK.</exception>
    public ValueTask SendAsync(ZMessage message, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var queued = message.CopyForSend();
        // Most sends find room at once: they complete here, without the cost of an async method's start.
        return TrySendOwned(queued) ? ValueTask.CompletedTask : SendWhenWritableAsync(queued, timeout, cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendWhenWritableAsync(ZMessage queued, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout != Timeout.InfiniteTimeSpan && timeout <= TimeSpan.Zero)
        {
            queued.Recycle();
            throw SendTimedOut(timeout);
        }

        using var limit = _sendTimeout.Start(timeout, cancellationToken);
        var expired = false;
        while (true)
        {
            var seen = _writable.Version;
            if (TrySendOwned(queued))
            {
                return;
            }

            if (expired)
            {
                queued.Recycle();
                throw SendTimedOut(timeout);
            }

            try
            {
                await _writable.WaitAsync(seen, limit.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The caller's cancellation carries the caller's token, as before the limit took it over; the timeout
                // leads to one last attempt, then EAGAIN.
                if (cancellationToken.IsCancellationRequested)
                {
                    queued.Recycle();
                    cancellationToken.ThrowIfCancellationRequested();
                }

                expired = true;
            }
        }
    }

    /// <summary>Routes the socket's own copy of a message once; false when it must wait. What is not queued is recycled.</summary>
    private bool TrySendOwned(ZMessage queued)
    {
        SendOutcome outcome;
        try
        {
            outcome = TrySend(queued);
        }
        catch (ZmqException)
        {
            // Refused before any pipe took it (EFSM, EHOSTUNREACH, ENOTSOCK...): the copy is nobody's.
            queued.Recycle();
            throw;
        }

        if (outcome == SendOutcome.Dropped)
        {
            queued.Recycle();
        }

        return outcome != SendOutcome.WouldBlock;
    }

    /// <summary>
    /// Routes a copy of <paramref name="message"/> once, without waiting: false, with nothing queued, when the type would
    /// block (the actor face answers EAGAIN then, never queueing without bound).
    /// </summary>
    /// <exception cref="ZmqException">ENOTSUP, EFSM, EHOSTUNREACH, ENOTSOCK.</exception>
    public bool TrySendCopy(ZMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var queued = message.CopyForSend();
        if (TrySendOwned(queued))
        {
            return true;
        }

        queued.Recycle();
        return false;
    }

    /// <summary>How often a pipe got room or a peer came; read it before a send that may find no room, then wait with <see cref="WaitWritableAsync"/>.</summary>
    public int WritableVersion => _writable.Version;

    /// <summary>Completes when a pipe got room or a peer came after <paramref name="version"/> was read (at once if that happened already).</summary>
    public ValueTask WaitWritableAsync(int version, CancellationToken cancellationToken) => _writable.WaitAsync(version, cancellationToken);

    private ZmqException SendTimedOut(TimeSpan timeout) =>
        new(ZmqError.WouldBlock, null, $"no {ZmtpName} peer could take the message within {timeout.TotalMilliseconds:0} ms");

    /// <summary>Routes <paramref name="message"/> once, without waiting.</summary>
    public SendOutcome TrySend(ZMessage message)
    {
        ThrowIfClosed();
        if (!CanSend)
        {
            throw new ZmqException(ZmqError.NotSupported, null, $"a {ZmtpName} socket cannot send");
        }

        using (Gate.Enter())
        {
            return SendLocked(message);
        }
    }

    /// <summary>Takes the next message for the user to keep, applying the type's receive policy.</summary>
    /// <exception cref="ZmqException">EAGAIN after <paramref name="timeout"/>, ENOTSUP, EFSM, ENOTSOCK.</exception>
    public ValueTask<ZMessage> ReceiveAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Most receives under load find a message queued: they complete here, without an async method's start.
        return TryTakeNext(out var message) ? new ValueTask<ZMessage>(message.Detach()) : ReceiveWhenReadableAsync(timeout, cancellationToken);
    }

    /// <summary>Moves the next message into <paramref name="target"/>, releasing what it held (zmq_msg_recv).</summary>
    /// <exception cref="ZmqException">EAGAIN after <paramref name="timeout"/>, ENOTSUP, EFSM, ENOTSOCK.</exception>
    public ValueTask ReceiveAsync(ZMessage target, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (TryTakeNext(out var message))
        {
            target.TakeFrom(message);
            return ValueTask.CompletedTask;
        }

        return ReceiveIntoWhenReadableAsync(target, timeout, cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ZMessage> ReceiveWhenReadableAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        (await TakeNextAsync(timeout, cancellationToken).ConfigureAwait(false)).Detach();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ReceiveIntoWhenReadableAsync(ZMessage target, TimeSpan timeout, CancellationToken cancellationToken) =>
        target.TakeFrom(await TakeNextAsync(timeout, cancellationToken).ConfigureAwait(false));

    /// <summary>Takes the next message if one is queued now, for the user to keep.</summary>
    public bool TryReceive(out ZMessage message)
    {
        if (TryTakeNext(out message))
        {
            message.Detach();
            return true;
        }

        return false;
    }

    /// <summary>The next message as queued (possibly the runtime's pooled one), after the type's receive policy.</summary>
    private bool TryTakeNext(out ZMessage message)
    {
        ThrowIfClosed();
        if (!CanReceive)
        {
            throw new ZmqException(ZmqError.NotSupported, null, $"a {ZmtpName} socket cannot receive");
        }

        CheckReceiveState();
        while (_inbound.TryRead(out var inbound))
        {
            if (Accept(inbound) is { } accepted)
            {
                message = accepted;
                return true;
            }
        }

        message = null!;
        return false;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ZMessage> TakeNextAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (!_inbound.TryRead(out var inbound))
            {
                inbound = await ReadInboundAsync(timeout, cancellationToken).ConfigureAwait(false);
            }

            if (Accept(inbound) is { } accepted)
            {
                return accepted;
            }
        }
    }

    public ValueTask DeliverAsync(Pipe pipe, IReadOnlyList<ZMessage> messages, CancellationToken cancellationToken)
    {
        // Counted as they arrive, before the queue takes them: once in, a receiver may recycle them at once.
        CountReceived(pipe, messages, 0);
        var next = _inbound.TryWrite(pipe, messages, 0, _acceptsInbound);
        return next == messages.Count ? ValueTask.CompletedTask : DeliverRestAsync(pipe, messages, next, cancellationToken);
    }

    public InboundLane OpenLane(Pipe pipe) => _inbound.OpenLane(pipe);

    public bool TryDeliver(InboundLane lane, ZMessage message)
    {
        // Read before the queue takes it (a receiver may recycle it at once), counted only once it went in.
        var bytes = message.ByteCount;
        if (!_inbound.TryWrite(lane, message, _acceptsInbound))
        {
            return false;
        }

        lane.Pipe.Traffic.CountReceived(bytes);
        return true;
    }

    public ValueTask DeliverAsync(InboundLane lane, IReadOnlyList<ZMessage> messages, CancellationToken cancellationToken)
    {
        CountReceived(lane.Pipe, messages, 0);
        var next = _inbound.TryWrite(lane, messages, 0, _acceptsInbound);
        return next == messages.Count ? ValueTask.CompletedTask : DeliverRestAsync(lane, messages, next, cancellationToken);
    }

    /// <summary>Counts a batch from its peer once, when it arrives; the rest of a batch that waits for room is not counted again.</summary>
    private static void CountReceived(Pipe pipe, IReadOnlyList<ZMessage> messages, int start)
    {
        for (var i = start; i < messages.Count; i++)
        {
            pipe.Traffic.CountReceived(messages[i].ByteCount);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask DeliverRestAsync(Pipe pipe, IReadOnlyList<ZMessage> messages, int next, CancellationToken cancellationToken)
    {
        while (next < messages.Count)
        {
            await _inbound.WaitWritableAsync(cancellationToken).ConfigureAwait(false);
            next = _inbound.TryWrite(pipe, messages, next, _acceptsInbound);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask DeliverRestAsync(InboundLane lane, IReadOnlyList<ZMessage> messages, int next, CancellationToken cancellationToken)
    {
        while (next < messages.Count)
        {
            await _inbound.WaitWritableAsync(lane, cancellationToken).ConfigureAwait(false);
            next = _inbound.TryWrite(lane, messages, next, _acceptsInbound);
        }
    }

    /// <summary>
    /// A peer's engine hands over a subscription: a type that reports subscriptions to its application (XPUB) first waits
    /// while the inbound queue is at its high-water mark, as <see cref="DeliverAsync(Pipe, IReadOnlyList{ZMessage}, CancellationToken)"/>
    /// does for messages, so that the engine stops reading the peer instead of queueing reports without bound.
    /// </summary>
    /// <exception cref="ZmqException">ENOBUFS: the peer passed a bound on its subscriptions; its connection ends.</exception>
    public ValueTask OnSubscriptionAsync(Pipe pipe, bool subscribe, ReadOnlyMemory<byte> topic, CancellationToken cancellationToken)
    {
        if (ReportsSubscriptions)
        {
            var room = _inbound.WaitWritableAsync(cancellationToken);
            if (!room.IsCompletedSuccessfully)
            {
                return OnSubscriptionWhenWritableAsync(room, pipe, subscribe, topic);
            }

            room.GetAwaiter().GetResult();
        }

        OnSubscription(pipe, subscribe, topic);
        return ValueTask.CompletedTask;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask OnSubscriptionWhenWritableAsync(ValueTask room, Pipe pipe, bool subscribe, ReadOnlyMemory<byte> topic)
    {
        await room.ConfigureAwait(false);
        OnSubscription(pipe, subscribe, topic);
    }

    /// <summary>
    /// Subscribes <paramref name="pipe"/> to every message without a report to the user (an XPUB reports nothing): a
    /// multicast peer carries no subscriptions, so a publisher sends it everything, as libzmq's subscribe_to_all does.
    /// Other socket types have nothing to subscribe.
    /// </summary>
    public virtual void SubscribeToEverything(Pipe pipe)
    {
    }

    /// <summary>The peer on <paramref name="pipe"/> subscribed to (or cancelled) <paramref name="topic"/>, acted on at once.</summary>
    /// <exception cref="ZmqException">ENOBUFS: the peer passed a bound on its subscriptions.</exception>
    public virtual void OnSubscription(Pipe pipe, bool subscribe, ReadOnlyMemory<byte> topic)
    {
        // Only publishers act on subscriptions; libzmq ignores them elsewhere too.
    }

    /// <summary>The user subscribes (SUB) or unsubscribes; ENOTSUP for other types.</summary>
    public virtual void SetSubscription(bool subscribe, ReadOnlyMemory<byte> topic) =>
        throw new ZmqException(ZmqError.NotSupported, null, $"a {ZmtpName} socket has no subscriptions");

    protected void CountDrop(Pipe pipe)
    {
        Interlocked.Increment(ref _droppedAtHighWaterMark);
        pipe.Traffic.CountDropped();
    }

    protected string ZmtpName => Wire.ZmtpSocketTypeNames.ToWireName(Type);

    protected abstract SendOutcome SendLocked(ZMessage message);

    /// <summary>Turns a received message into what the user sees; null drops it.</summary>
    protected virtual ZMessage? ReceiveLocked(Pipe pipe, ZMessage message) => message;

    /// <summary>Whether a received message enters the inbound queue at all (SUB filters here).</summary>
    protected virtual bool AcceptsInbound(ZMessage message) => true;

    /// <summary>Throws EFSM when the type's state forbids receiving now (REQ before sending).</summary>
    protected virtual void CheckReceiveState()
    {
    }

    protected virtual bool AcceptsLocked(Pipe pipe) => true;

    protected virtual void OnAttachedLocked(Pipe pipe)
    {
    }

    protected virtual void OnConnectedLocked(Pipe pipe)
    {
    }

    /// <summary>The connection of a pipe that outlives connections ended; by default its queued messages wait for the next one.</summary>
    protected virtual void OnDisconnectedLocked(Pipe pipe)
    {
    }

    protected virtual void OnDetachedLocked(Pipe pipe)
    {
    }

    /// <summary>
    /// Queues a message whatever the high-water mark, for XPUB's subscription reports: an engine waited for room before
    /// it handed the subscription over (<see cref="OnSubscriptionAsync"/>), and a departed peer's cancellations are bounded
    /// by the subscription bounds per peer.
    /// </summary>
    protected void EnqueueInbound(Pipe pipe, ZMessage message) => _inbound.WriteUnbounded(new InboundMessage(pipe, message));

    private ZMessage? Accept(InboundMessage inbound)
    {
        if (!HasReceivePolicy)
        {
            return inbound.Message;
        }

        ZMessage? accepted;
        using (Gate.Enter())
        {
            accepted = ReceiveLocked(inbound.Pipe, inbound.Message);
        }

        if (accepted is null)
        {
            inbound.Message.Recycle();
        }

        return accepted;
    }

    /// <summary>SUB's filter, run by the delivering engine: what it drops is recycled there.</summary>
    private bool AcceptsOrRecycle(ZMessage message)
    {
        if (AcceptsInbound(message))
        {
            return true;
        }

        message.Recycle();
        return false;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<InboundMessage> ReadInboundAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = _receiveTimeout.Start(timeout, cancellationToken);
        try
        {
            return await _inbound.ReadAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The caller's cancellation carries the caller's token, not the limit's.
            cancellationToken.ThrowIfCancellationRequested();
            throw new ZmqException(ZmqError.WouldBlock, null, $"no message arrived within {timeout.TotalMilliseconds:0} ms");
        }
        catch (InvalidOperationException) when (_closed)
        {
            throw new ZmqException(ZmqError.NotSocket, null, "the socket was closed while receiving");
        }
    }

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new ZmqException(ZmqError.NotSocket, null, "the socket is closed");
        }
    }
}
