using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using RuntimeActors.Pipes;

namespace RuntimeActors.Sockets;

/// <summary>
/// A socket's inbound queue. Engines of byte-stream connections (tcp, ipc, vsock, vmci) add whole batches to a shared
/// queue under one lock, bounded by RCVHWM across them; the reader takes everything queued at once into a buffer of its
/// own and hands it out without the lock, so the two sides meet once per batch rather than once per message. Inproc
/// peers, which deliver one message at a time as they send, write into a lane of their own (<see cref="InboundLane"/>,
/// no lock per message, RCVHWM per lane as libzmq bounds each pipe); the reader takes turns between the lanes with
/// messages and the shared queue.
/// </summary>
/// <remarks>
/// The shared queue replaced a bounded <c>Channel</c>, whose lock both sides took for every message: on a 64-byte PULL
/// receiving over tcp, contention on that lock and the thread pool's spinning around it took most of the process's CPU
/// (dotnet-trace, bench/run.sh's tcp thr 64B row). The lanes came when inproc senders wrote into that shared queue one
/// message at a time and its lock became the contended hand-off (perf: Lock.Exit 23 % of the inproc 64B row). As
/// libzmq's pipes do, a writer stopped at the high-water mark is woken when the reader has brought the queue (or lane)
/// down to half of it, not at every message taken.
/// </remarks>
internal sealed class InboundQueue
{
    private const int PublishStep = 31;

    // Messages the reader takes from one lane before it gives the other lanes and the shared queue a turn.
    private const int LaneTurn = 64;

    private readonly Lock _gate = new();
    private readonly SpinGate _readerGate = new();
    private readonly int _capacity;
    private readonly int _lowWater;
    private Queue<InboundMessage> _shared = new();
    private Queue<InboundMessage> _taken = new();
    private int _takenCount;
    private volatile bool _writerWaiting;
    private bool _readerWaiting;

    // Reused from wait to wait: a receive that waits for each message (REQ/REP) allocated a task per message.
    private readonly ReusableWaiter _readable = new();
    private readonly ReusableWaiter _writable = new();
    private volatile bool _completed;

    // Lanes with messages the reader has not reached yet (claimed: see InboundLane.TryActivate).
    private readonly Queue<InboundLane> _activeLanes = new();
    private ReaderCursor _cursor;

    /// <param name="capacity">The high-water mark in messages; 0 means unlimited, as ZMQ_RCVHWM = 0.</param>
    public InboundQueue(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _capacity = capacity;
        _lowWater = capacity / 2;
    }

    /// <summary>Whether a reader has said it waits for a message (and a writer will wake it); for tests.</summary>
    internal bool HasWaitingReader
    {
        get
        {
            lock (_gate)
            {
                return _readerWaiting;
            }
        }
    }

    /// <summary>Adds messages from <paramref name="pipe"/> starting at <paramref name="start"/>, as many as fit.</summary>
    /// <param name="pipe">The pipe they came through.</param>
    /// <param name="messages">The messages, in arrival order.</param>
    /// <param name="start">The first one not yet added.</param>
    /// <param name="accepts">Drops a message for which it returns false (SUB's filter); null takes every one.</param>
    /// <returns>The index of the first message not added: <c>messages.Count</c> when all went in (or the queue is completed, which drops them).</returns>
    public int TryWrite(Pipe pipe, IReadOnlyList<ZMessage> messages, int start, Func<ZMessage, bool>? accepts)
    {
        bool wake;
        var next = start;
        lock (_gate)
        {
            if (_completed)
            {
                return messages.Count;
            }

            var wasEmpty = _shared.Count == 0;
            var room = _capacity == 0 ? int.MaxValue : _capacity - _shared.Count - Volatile.Read(ref _takenCount);
            for (; next < messages.Count && room > 0; next++)
            {
                var message = messages[next];
                if (accepts is null || accepts(message))
                {
                    _shared.Enqueue(new InboundMessage(pipe, message));
                    room--;
                }
            }

            wake = wasEmpty && _shared.Count > 0 && TakeReadable();
        }

        WakeReader(wake);
        return next;
    }

    /// <summary>Adds one message if there is room (inproc: a peer socket delivering straight into this queue).</summary>
    /// <param name="pipe">The pipe it came through.</param>
    /// <param name="message">The message.</param>
    /// <param name="accepts">Drops the message when it returns false (SUB's filter); null takes it.</param>
    /// <returns>False when the queue is at its high-water mark; true when the message went in, was filtered out or the queue is completed.</returns>
    public bool TryWrite(Pipe pipe, ZMessage message, Func<ZMessage, bool>? accepts)
    {
        bool wake;
        lock (_gate)
        {
            if (_completed)
            {
                return true;
            }

            if (IsFullLocked())
            {
                return false;
            }

            if (accepts is not null && !accepts(message))
            {
                return true;
            }

            _shared.Enqueue(new InboundMessage(pipe, message));
            wake = _shared.Count == 1 && TakeReadable();
        }

        WakeReader(wake);
        return true;
    }

    /// <summary>A lane for an inproc peer's pipe, bounded by this queue's high-water mark on its own (per pipe, as libzmq).</summary>
    public InboundLane OpenLane(Pipe pipe)
    {
        var lane = new InboundLane(pipe, _capacity);
        pipe.InboundLane = lane;
        return lane;
    }

    /// <summary>Messages from stream connections not yet taken by the application (inproc lanes count their own).</summary>
    public int SharedCount
    {
        get
        {
            lock (_gate)
            {
                return _shared.Count + Volatile.Read(ref _takenCount);
            }
        }
    }

    /// <summary>Adds one message to <paramref name="lane"/> if it has room; the lane's writer only.</summary>
    /// <returns>False when the lane is at its high-water mark; true when the message went in, was filtered out or the queue is completed.</returns>
    public bool TryWrite(InboundLane lane, ZMessage message, Func<ZMessage, bool>? accepts)
    {
        if (_completed || (accepts is not null && !accepts(message)))
        {
            return true;
        }

        if (!lane.TryWrite(message))
        {
            return false;
        }

        Activate(lane);
        return true;
    }

    /// <summary>Adds messages to <paramref name="lane"/> from <paramref name="start"/>, as many as fit; returns the first not added.</summary>
    public int TryWrite(InboundLane lane, IReadOnlyList<ZMessage> messages, int start, Func<ZMessage, bool>? accepts)
    {
        if (_completed)
        {
            return messages.Count;
        }

        var next = start;
        for (; next < messages.Count; next++)
        {
            var message = messages[next];
            if ((accepts is null || accepts(message)) && !lane.TryWrite(message))
            {
                break;
            }
        }

        if (next > start)
        {
            Activate(lane);
        }

        return next;
    }

    /// <summary>Completes when <paramref name="lane"/> may have room again (or the queue was completed).</summary>
    public ValueTask WaitWritableAsync(InboundLane lane, CancellationToken cancellationToken) =>
        _completed ? ValueTask.CompletedTask : lane.WaitWritableAsync(cancellationToken);

    /// <summary>Adds one message whatever the high-water mark, for what must not be lost (XPUB's subscription reports).</summary>
    public void WriteUnbounded(InboundMessage item)
    {
        bool wake;
        lock (_gate)
        {
            if (_completed)
            {
                return;
            }

            _shared.Enqueue(item);
            wake = TakeReadable();
        }

        WakeReader(wake);
    }

    /// <summary>Completes when a write may find room again (or the queue was completed); call after a <see cref="TryWrite(Pipe, IReadOnlyList{ZMessage}, int, Func{ZMessage, bool})"/> that stopped short.</summary>
    /// <remarks>The engines of several connections may wait at once: the first takes the reused wait, the others share a task.</remarks>
    public ValueTask WaitWritableAsync(CancellationToken cancellationToken)
    {
        ValueTask waiting;
        bool wake;
        lock (_gate)
        {
            if (_completed || !IsFullLocked())
            {
                return ValueTask.CompletedTask;
            }

            _writerWaiting = true;
            waiting = _writable.WaitAsync(cancellationToken);

            // The reader may have taken messages between the check and the flag; it only wakes writers it can see.
            Interlocked.MemoryBarrier();
            wake = !IsFullLocked() && TakeWritable();
        }

        if (wake)
        {
            _writable.Wake(true);
        }

        return waiting;
    }

    /// <summary>Takes the next message if one is queued now; false when none is (or the queue is completed and drained).</summary>
    public bool TryRead(out InboundMessage item)
    {
        using (_readerGate.Enter())
        {
            while (true)
            {
                if (_cursor.Lane is { } lane)
                {
                    if (lane.TryRead(out var message))
                    {
                        item = new InboundMessage(lane.Pipe, message);
                        if (++_cursor.LaneReads >= LaneTurn)
                        {
                            YieldLane(lane);
                        }

                        return true;
                    }

                    // Nothing else waiting to be read (looked at without the lock: a guess is enough): wait a moment
                    // for this lane's writer rather than let the lane go and have the writer hand it back.
                    if ((_taken.Count == 0 && _shared.Count == 0 && _activeLanes.Count == 0 && lane.WaitBrieflyForWrite()) || !lane.TryRelease())
                    {
                        continue;
                    }

                    _cursor.Lane = null;
                }

                if (_taken.Count > 0)
                {
                    item = TakeShared();
                    return true;
                }

                lock (_gate)
                {
                    if (_shared.Count > 0)
                    {
                        (_taken, _shared) = (_shared, _taken);
                        // Counted before the lock goes, so that a writer never sees the taken messages nowhere.
                        Volatile.Write(ref _takenCount, _taken.Count);
                    }
                    else if (_activeLanes.TryDequeue(out var next))
                    {
                        _cursor.Lane = next;
                        _cursor.LaneReads = 0;
                    }
                    else
                    {
                        item = default;
                        return false;
                    }
                }
            }
        }
    }

    /// <summary>Waits for the next message.</summary>
    /// <exception cref="InvalidOperationException">The queue was completed and is drained (the socket closed).</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<InboundMessage> ReadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (TryRead(out var item))
            {
                return item;
            }

            ValueTask readable;
            lock (_gate)
            {
                if (_shared.Count > 0 || _activeLanes.Count > 0)
                {
                    continue;
                }

                if (_completed)
                {
                    throw new InvalidOperationException("The inbound queue is completed.");
                }

                _readerWaiting = true;
                readable = _readable.WaitAsync(cancellationToken);
            }

            await readable.ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Blocks the calling thread until a message may be queued (true; read it with <see cref="TryRead"/>), or at most
    /// <paramref name="timeout"/> (false). A writer wakes the thread directly, with no pool thread between.
    /// </summary>
    /// <exception cref="InvalidOperationException">The queue was completed and is drained (the socket closed).</exception>
    public bool WaitReadable(TimeSpan timeout)
    {
        bool blocking;
        Task<bool>? shared = null;
        lock (_gate)
        {
            if (_shared.Count > 0 || _activeLanes.Count > 0)
            {
                return true;
            }

            if (_completed)
            {
                throw new InvalidOperationException("The inbound queue is completed.");
            }

            _readerWaiting = true;
            blocking = _readable.TryBeginBlocking();
            if (!blocking)
            {
                shared = _readable.JoinShared();
            }
        }

        return blocking ? _readable.Block(timeout) : shared!.Wait(timeout);
    }

    /// <summary>Refuses further messages; readers drain what is queued and then fail; waiting writers return.</summary>
    public void Complete()
    {
        bool readable;
        bool writable;
        InboundLane[] lanes;
        lock (_gate)
        {
            _completed = true;
            readable = TakeReadable();
            writable = TakeWritable();
            // A lane whose writer waits for room holds messages, so it is in the list or being read.
            lanes = [.. _activeLanes, .. Volatile.Read(ref _cursor.Lane) is { } current ? [current] : Array.Empty<InboundLane>()];
        }

        WakeReader(readable);
        if (writable)
        {
            _writable.Wake(true);
        }

        foreach (var lane in lanes)
        {
            lane.WakeWriter();
        }
    }

    private InboundMessage TakeShared()
    {
        var item = _taken.Dequeue();
        var left = _taken.Count;
        // Published in steps, not per message: the writers read the count on every write, and a count that is a
        // little high only makes them see the queue fuller than it is. The last step is 0, before the next swap.
        if ((left & PublishStep) == 0 || _capacity <= 2 * (PublishStep + 1))
        {
            // A full fence between publishing the count and reading the flag, paired with the writer's.
            Interlocked.Exchange(ref _takenCount, left);
            if (_writerWaiting && left <= _lowWater)
            {
                WakeWriter();
            }
        }

        return item;
    }

    /// <summary>Puts <paramref name="lane"/> at the back of the active lanes when other lanes or the shared queue wait.</summary>
    private void YieldLane(InboundLane lane)
    {
        _cursor.LaneReads = 0;
        lock (_gate)
        {
            if (_activeLanes.Count == 0 && _shared.Count == 0)
            {
                return;
            }

            // The lane stays claimed (active) while it waits in the list, so its writer does not add it twice.
            _activeLanes.Enqueue(lane);
            _cursor.Lane = null;
        }
    }

    /// <summary>After a write to <paramref name="lane"/>: puts an idle lane in the active list and wakes a waiting reader.</summary>
    private void Activate(InboundLane lane)
    {
        if (!lane.TryActivate())
        {
            return;
        }

        bool wake;
        lock (_gate)
        {
            _activeLanes.Enqueue(lane);
            wake = TakeReadable();
        }

        WakeReader(wake);
    }

    private bool IsFullLocked() => _capacity != 0 && _shared.Count + Volatile.Read(ref _takenCount) >= _capacity;

    private void WakeWriter()
    {
        lock (_gate)
        {
            // Other pipes may have refilled the shared queue since the reader took its batch.
            if (_shared.Count + Volatile.Read(ref _takenCount) > _lowWater || !TakeWritable())
            {
                return;
            }
        }

        _writable.Wake(true);
    }

    /// <summary>Under the lock: whether a reader waits, which the caller then wakes outside it.</summary>
    private bool TakeReadable()
    {
        var waiting = _readerWaiting;
        _readerWaiting = false;
        return waiting;
    }

    private void WakeReader(bool wake)
    {
        if (wake)
        {
            _readable.Wake(true);
        }
    }

    /// <summary>Under the lock: whether a writer waits, which the caller then wakes outside it.</summary>
    private bool TakeWritable()
    {
        var waiting = _writerWaiting;
        _writerWaiting = false;
        return waiting;
    }

    /// <summary>
    /// The lane the reader reads now and how many messages it took from it, on a cache line of their own: the count
    /// changes with every message read, and beside the fields a lane's writer reads with every message (whether the
    /// queue is completed) it pulled that line from the writer's core and back once per message.
    /// </summary>
    [StructLayout(LayoutKind.Explicit, Size = 192)]
    private struct ReaderCursor
    {
        [FieldOffset(64)]
        public InboundLane? Lane;

        [FieldOffset(72)]
        public int LaneReads;
    }
}
