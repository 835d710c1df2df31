using RuntimeActors.Messages;
using RuntimeActors.Monitoring;

namespace RuntimeActors.Pipes;

/// <summary>
/// The outbound half of a pipe: messages a socket has routed to one peer, waiting for that peer's engine
/// to encode them. Bounded by the send high-water mark; the engine drains it in batches and the socket is
/// told when a full queue has room again, so that a blocked send can retry. With a direct sink (inproc), a data
/// message written while nothing is queued or being drained goes straight to the sink instead.
/// </summary>
internal sealed class MessageQueue
{
    private readonly Queue<ZMessage> _items = new();
    private readonly SpinGate _gate = new();
    private readonly int _capacity;
    private readonly ReusableWaiter _readable = new();
    private bool _readerWaiting;
    private bool _wakePending;
    private bool _completed;
    private IMessageSink? _sink;

    // The sink while a direct write needs no lock: set, nothing queued or held, not completed (UpdateDirectLocked).
    private volatile IMessageSink? _directSink;

    // Given to a sink once: OnWritable is set later (when the socket attaches the pipe) and may change.
    private readonly Action _notifyWritable;

    // With a sink, messages the engine took and has not yet handed on: they still count against the high-water mark
    // (so that SNDHWM + RCVHWM bound an inproc connection, as in libzmq), and a direct write now would overtake them.
    private int _held;

    // Counts the data messages the queue takes, handed on directly or queued (the metrics' "sent").
    private readonly PipeTraffic? _traffic;

    /// <param name="capacity">The high-water mark in messages; 0 means unlimited, as ZMQ_SNDHWM = 0.</param>
    /// <param name="onWritable">Called (outside the lock) when a read makes room in a queue that was full.</param>
    /// <param name="traffic">Counts what the queue takes; null counts nothing.</param>
    public MessageQueue(int capacity, Action? onWritable = null, PipeTraffic? traffic = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _capacity = capacity;
        OnWritable = onWritable;
        _notifyWritable = () => OnWritable?.Invoke();
        _traffic = traffic;
    }

    public Action? OnWritable { get; set; }

    public int Count
    {
        get
        {
            using (_gate.Enter())
            {
                return _items.Count;
            }
        }
    }

    public bool IsCompleted
    {
        get
        {
            using (_gate.Enter())
            {
                return _completed;
            }
        }
    }

    /// <summary>Whether a write would succeed now.</summary>
    public bool CanWrite
    {
        get
        {
            using (_gate.Enter())
            {
                return !_completed && !IsFullLocked();
            }
        }
    }

    /// <summary>Queues <paramref name="message"/>; false when full or completed.</summary>
    /// <param name="message">The message.</param>
    /// <param name="ignoreLimit">Queue even when full, for subscriptions that must not be lost.</param>
    public bool TryWrite(ZMessage message, bool ignoreLimit = false)
    {
        // The steady state of an inproc connection, without the lock: writers are one at a time already (under their
        // socket's lock), and the engine holds nothing while the direct sink is published. A sink found closed sends the
        // write on to the locked path, which queues it.
        // Measured before any hand-over: once a sink took the message, its receiver may take and recycle it at once
        // (the soak's PAIR over inproc read a message being cleared, after 29 minutes).
        var bytes = message.Kind == MessageKind.Data && _traffic is not null ? message.ByteCount : 0;
        if (message.Kind == MessageKind.Data && _directSink is { } direct && TryWriteDirect(direct, message, out var written))
        {
            if (written)
            {
                _traffic?.CountSent(bytes);
            }

            return written;
        }

        bool wake;
        using (_gate.Enter())
        {
            if (_completed || (!ignoreLimit && IsFullLocked()))
            {
                return false;
            }

            // Subscriptions stay on the engine's path: acting on one takes the peer socket's lock, which a writer
            // holding its own socket's lock must not wait for.
            if (_sink is { } sink && _items.Count == 0 && _held == 0 && message.Kind == MessageKind.Data && TryWriteDirect(sink, message, out var taken))
            {
                if (taken)
                {
                    _traffic?.CountSent(bytes);
                }

                return taken;
            }

            if (message.Kind == MessageKind.Data)
            {
                _traffic?.CountSent(bytes);
            }

            _items.Enqueue(message);
            _directSink = null;
            wake = TakeReaderWaiting();
        }

        if (wake)
        {
            _readable.Wake(true);
        }

        return true;
    }

    /// <summary>
    /// Under the lock: hands <paramref name="message"/> to the sink (<paramref name="taken"/>), or finds the receiver at
    /// its high-water mark, which makes this pipe full as libzmq's one inproc pipe of SNDHWM + RCVHWM: the sender then
    /// waits for <see cref="OnWritable"/>. False when the receiver's end has closed: the message is queued here instead,
    /// for the next connection.
    /// </summary>
    private static bool TryWriteDirect(IMessageSink sink, ZMessage message, out bool taken)
    {
        while (!sink.TryTake(message))
        {
            if (sink.IsClosed)
            {
                taken = false;
                return false;
            }

            if (sink.TryWaitForRoom())
            {
                taken = false;
                return true;
            }
        }

        taken = true;
        return true;
    }

    /// <summary>Moves up to <paramref name="max"/> queued messages into <paramref name="batch"/>.</summary>
    public int ReadBatch(List<ZMessage> batch, int max)
    {
        bool wasFull;
        int taken;
        using (_gate.Enter())
        {
            wasFull = IsFullLocked();
            taken = 0;
            while (taken < max && _items.TryDequeue(out var message))
            {
                batch.Add(message);
                taken++;
            }

            if (_sink is not null)
            {
                _held += taken;
                return taken;
            }
        }

        if (wasFull && taken > 0)
        {
            OnWritable?.Invoke();
        }

        return taken;
    }

    /// <summary>
    /// The engine has handed on <paramref name="count"/> of the messages it took with <see cref="ReadBatch"/>: they stop
    /// counting against the high-water mark, and once none is held, direct writes may resume (when the queue is empty).
    /// </summary>
    /// <remarks>
    /// Released one by one as they go, not when the whole batch has gone: a batch that the receiver takes only in part
    /// would otherwise count its delivered part twice (in the receiver's queue and here), and a sender filling both
    /// high-water marks before anyone receives would wait for ever (InprocTests' linger test hung so under load).
    /// </remarks>
    public void Release(int count)
    {
        bool madeRoom;
        using (_gate.Enter())
        {
            var wasFull = IsFullLocked();
            _held = Math.Max(0, _held - count);
            madeRoom = wasFull && !IsFullLocked();
            UpdateDirectLocked();
        }

        if (madeRoom)
        {
            OnWritable?.Invoke();
        }
    }

    /// <summary>
    /// Sends later data messages straight to <paramref name="sink"/> whenever nothing is queued or being drained, so
    /// that order is kept; null queues every message again (the connection ended).
    /// </summary>
    public void SendDirectTo(IMessageSink? sink)
    {
        bool madeRoom;
        using (_gate.Enter())
        {
            // A sender waiting for the old sink's room retries: its messages now queue here.
            madeRoom = _sink is not null;
            _sink = sink;
            sink?.AttachSender(_capacity, _notifyWritable);
            var wasFull = IsFullLocked();
            // What an ended connection's engine held is gone with it.
            _held = 0;
            UpdateDirectLocked();
            madeRoom |= wasFull && !IsFullLocked();
        }

        if (madeRoom)
        {
            OnWritable?.Invoke();
        }
    }

    /// <summary>Waits until a message is queued, or <see cref="WakeReader"/> is called; false once the queue is completed and empty.</summary>
    /// <remarks>
    /// For the queue's one reader, its peer's engine: the wait is reused from one call to the next, so that an engine
    /// waiting between messages allocates nothing. True may come with nothing to read (a <see cref="WakeReader"/>, or a
    /// wake meant for a wait that was cancelled); the reader reads what there is and waits again.
    /// </remarks>
    public ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken)
    {
        using (_gate.Enter())
        {
            if (_items.Count > 0 || _wakePending)
            {
                _wakePending = false;
                return ValueTask.FromResult(true);
            }

            if (_completed)
            {
                return ValueTask.FromResult(false);
            }

            _readerWaiting = true;
            return _readable.WaitForResultAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Ends the reader's wait now, or its next one at once if it is not waiting: for an engine that has more than
    /// messages to send (a heartbeat's PING or PONG became due), so that it waits on this queue alone.
    /// </summary>
    public void WakeReader()
    {
        bool wake;
        using (_gate.Enter())
        {
            wake = TakeReaderWaiting();
            _wakePending = !wake;
        }

        if (wake)
        {
            _readable.Wake(true);
        }
    }

    /// <summary>Refuses further writes; the reader drains what is queued, then sees the end.</summary>
    public void Complete()
    {
        bool wake;
        bool more;
        using (_gate.Enter())
        {
            _completed = true;
            _directSink = null;
            wake = TakeReaderWaiting();
            more = _items.Count > 0;
        }

        if (wake)
        {
            _readable.Wake(more);
        }

        OnWritable?.Invoke();
    }

    /// <summary>Drops the queued messages that match <paramref name="match"/>, keeping the others in order; returns how many were dropped.</summary>
    public int RemoveAll(Predicate<ZMessage> match)
    {
        bool madeRoom;
        int dropped;
        using (_gate.Enter())
        {
            var wasFull = IsFullLocked();
            var kept = _items.Where(message => !match(message)).ToArray();
            dropped = _items.Count - kept.Length;
            _items.Clear();
            foreach (var message in kept)
            {
                _items.Enqueue(message);
            }

            madeRoom = wasFull && !IsFullLocked();
            UpdateDirectLocked();
        }

        if (madeRoom)
        {
            OnWritable?.Invoke();
        }

        return dropped;
    }

    private bool TakeReaderWaiting()
    {
        var waiting = _readerWaiting;
        _readerWaiting = false;
        return waiting;
    }

    private void UpdateDirectLocked() => _directSink = !_completed && _items.Count == 0 && _held == 0 ? _sink : null;

    private bool IsFullLocked() => _capacity != 0 && _items.Count + _held >= _capacity;

    /// <summary>Drops every queued message and returns how many were dropped.</summary>
    public int Clear()
    {
        using (_gate.Enter())
        {
            var dropped = _items.Count;
            _items.Clear();
            UpdateDirectLocked();
            return dropped;
        }
    }
}

