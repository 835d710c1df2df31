using System.Runtime.CompilerServices;
using RuntimeActors.Engine;
using RuntimeActors.Pipes;

namespace RuntimeActors.Sockets;

/// <summary>
/// The data path of one socket: its pipes, the routing of its socket type, and its inbound queue. Sends and
/// receives run on the caller's thread under one lock (no actor message per message); the socket actor only
/// attaches and detaches pipes as connections come and go. One subclass per socket type, each the policy of
/// zmq_socket(3) for that type.
/// </summary>
internal abstract class SocketCore : IEngineHost
{
    private readonly InboundQueue _inbound;
    private readonly AsyncSignal _writable = new();
    private readonly Func<ZMessage, bool>? _acceptsInbound;
    private readonly ReusableTimeout _receiveTimeout = new();
    private readonly ReusableTimeout _sendTimeout = new();
    private volatile bool _closed;

    protected SocketCore(SocketType type, SocketOptions options)
    {
        Type = type;
        Options = options;
        _inbound = new InboundQueue(options.ReceiveHighWaterMark);
        _acceptsInbound = FiltersInbound ? AcceptsInbound : null;
    }

    public SocketType Type { get; }

    public SocketOptions Options { get; }

    /// <summary>Every pipe the socket routes to, connected or still connecting.</summary>
    protected List<Pipe> Pipes { get; } = [];

    protected Lock Gate { get; } = new();

    public bool IsClosed => _closed;

    /// <summary>Whether this type can send at all; ENOTSUP otherwise.</summary>
    protected virtual bool CanSend => true;

    /// <summary>Whether this type can receive at all; ENOTSUP otherwise.</summary>
    protected virtual bool CanReceive => true;

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
        lock (Gate)
        {
            if (_closed || !AcceptsLocked(pipe))
            {
                return false;
            }

            Pipes.Add(pipe);
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
        lock (Gate)
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
        lock (Gate)
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
        lock (Gate)
        {
            if (!Pipes.Remove(pipe))
            {
                return;
            }

            OnDetachedLocked(pipe);
        }

        pipe.Outbound.Complete();
        _writable.Pulse();
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
        lock (Gate)
        {
            return [.. Pipes];
        }
    }

    /// <summary>Routes <paramref name="message"/>, waiting at the high-water mark as the type requires.</summary>
    /// <exception cref="ZmqException">EAGAIN after <paramref name="timeout"/>, ENOTSUP, EFSM, EHOSTUNREACH, ENOTSOCK.</exception>
    public ValueTask SendAsync(ZMessage message, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        // Most sends find room at once: they complete here, without the cost of an async method's start.
        return TrySend(message) == SendOutcome.WouldBlock ? SendWhenWritableAsync(message, timeout, cancellationToken) : ValueTask.CompletedTask;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendWhenWritableAsync(ZMessage message, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            while (true)
            {
                var seen = _writable.Version;
                if (TrySend(message) != SendOutcome.WouldBlock)
                {
                    return;
                }

                await _writable.WaitAsync(seen, cancellationToken).ConfigureAwait(false);
            }
        }

        if (timeout <= TimeSpan.Zero)
        {
            throw SendTimedOut(timeout);
        }

        using var limit = _sendTimeout.Start(timeout, cancellationToken);
        var expired = false;
        while (true)
        {
            var seen = _writable.Version;
            if (TrySend(message) != SendOutcome.WouldBlock)
            {
                return;
            }

            if (expired)
            {
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
                cancellationToken.ThrowIfCancellationRequested();
                expired = true;
            }
        }
    }

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

        lock (Gate)
        {
            return SendLocked(message);
        }
    }

    /// <summary>Takes the next message for the user, applying the type's receive policy.</summary>
    /// <exception cref="ZmqException">EAGAIN after <paramref name="timeout"/>, ENOTSUP, EFSM, ENOTSOCK.</exception>
    public ValueTask<ZMessage> ReceiveAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Most receives under load find a message queued: they complete here, without an async method's start.
        return TryReceive(out var message) ? new ValueTask<ZMessage>(message) : ReceiveWhenReadableAsync(timeout, cancellationToken);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<ZMessage> ReceiveWhenReadableAsync(TimeSpan timeout, CancellationToken cancellationToken)
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

    /// <summary>Takes the next message if one is queued now.</summary>
    public bool TryReceive(out ZMessage message)
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

    public ValueTask DeliverAsync(Pipe pipe, IReadOnlyList<ZMessage> messages, CancellationToken cancellationToken)
    {
        var next = _inbound.TryWrite(pipe, messages, 0, _acceptsInbound);
        return next == messages.Count ? ValueTask.CompletedTask : DeliverRestAsync(pipe, messages, next, cancellationToken);
    }

    public InboundLane OpenLane(Pipe pipe) => _inbound.OpenLane(pipe);

    public bool TryDeliver(InboundLane lane, ZMessage message) => _inbound.TryWrite(lane, message, _acceptsInbound);

    public ValueTask DeliverAsync(InboundLane lane, IReadOnlyList<ZMessage> messages, CancellationToken cancellationToken)
    {
        var next = _inbound.TryWrite(lane, messages, 0, _acceptsInbound);
        return next == messages.Count ? ValueTask.CompletedTask : DeliverRestAsync(lane, messages, next, cancellationToken);
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

    public virtual void OnSubscription(Pipe pipe, bool subscribe, ReadOnlyMemory<byte> topic)
    {
        // Only publishers act on subscriptions; libzmq ignores them elsewhere too.
    }

    /// <summary>The user subscribes (SUB) or unsubscribes; ENOTSUP for other types.</summary>
    public virtual void SetSubscription(bool subscribe, ReadOnlyMemory<byte> topic) =>
        throw new ZmqException(ZmqError.NotSupported, null, $"a {ZmtpName} socket has no subscriptions");

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

    /// <summary>Queues a message that must not be lost to the high-water mark, e.g. for XPUB's subscription reports.</summary>
    protected void EnqueueInbound(Pipe pipe, ZMessage message) => _inbound.WriteUnbounded(new InboundMessage(pipe, message));

    private ZMessage? Accept(InboundMessage inbound)
    {
        if (!HasReceivePolicy)
        {
            return inbound.Message;
        }

        lock (Gate)
        {
            return ReceiveLocked(inbound.Pipe, inbound.Message);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<InboundMessage> ReadInboundAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            try
            {
                return await _inbound.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException) when (_closed)
            {
                throw new ZmqException(ZmqError.NotSocket, null, "the socket was closed while receiving");
            }
        }

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
