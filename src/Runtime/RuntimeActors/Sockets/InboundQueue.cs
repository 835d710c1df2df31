using System.Runtime.CompilerServices;
using RuntimeActors.Pipes;

namespace RuntimeActors.Sockets;

/// <summary>
/// A socket's inbound queue: messages from all of its pipes in arrival order, bounded by RCVHWM. Engines add whole
/// batches under one lock; the reader takes everything queued at once into a buffer of its own and hands it out
/// without the lock, so the two sides meet once per batch rather than once per message.
/// </summary>
/// <remarks>
/// It replaces a bounded <c>Channel</c>, whose lock both sides took for every message: on a 64-byte PULL receiving
/// over tcp, contention on that lock and the thread pool's spinning around it took most of the process's CPU
/// (dotnet-trace, bench/run.sh's tcp thr 64B row). As libzmq's pipes do, a writer stopped at the high-water mark is
/// woken when the reader has brought the queue down to half of it, not at every message taken.
/// </remarks>
internal sealed class InboundQueue
{
    private const int PublishStep = 31;
    private readonly Lock _gate = new();
    private readonly Lock _readerGate = new();
    private readonly int _capacity;
    private readonly int _lowWater;
    private Queue<InboundMessage> _shared = new();
    private Queue<InboundMessage> _taken = new();
    private int _takenCount;
    private volatile bool _writerWaiting;
    private TaskCompletionSource? _readable;
    private TaskCompletionSource? _writable;
    private bool _completed;

    /// <param name="capacity">The high-water mark in messages; 0 means unlimited, as ZMQ_RCVHWM = 0.</param>
    public InboundQueue(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _capacity = capacity;
        _lowWater = capacity / 2;
    }

    /// <summary>Adds messages from <paramref name="pipe"/> starting at <paramref name="start"/>, as many as fit.</summary>
    /// <param name="pipe">The pipe they came through.</param>
    /// <param name="messages">The messages, in arrival order.</param>
    /// <param name="start">The first one not yet added.</param>
    /// <param name="accepts">Drops a message for which it returns false (SUB's filter); null takes every one.</param>
    /// <returns>The index of the first message not added: <c>messages.Count</c> when all went in (or the queue is completed, which drops them).</returns>
    public int TryWrite(Pipe pipe, IReadOnlyList<ZMessage> messages, int start, Func<ZMessage, bool>? accepts)
    {
        TaskCompletionSource? wake;
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

            wake = wasEmpty && _shared.Count > 0 ? TakeReadable() : null;
        }

        wake?.TrySetResult();
        return next;
    }

    /// <summary>Adds one message if there is room (inproc: a peer socket delivering straight into this queue).</summary>
    /// <param name="pipe">The pipe it came through.</param>
    /// <param name="message">The message.</param>
    /// <param name="accepts">Drops the message when it returns false (SUB's filter); null takes it.</param>
    /// <returns>False when the queue is at its high-water mark; true when the message went in, was filtered out or the queue is completed.</returns>
    public bool TryWrite(Pipe pipe, ZMessage message, Func<ZMessage, bool>? accepts)
    {
        TaskCompletionSource? wake;
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
            wake = _shared.Count == 1 ? TakeReadable() : null;
        }

        wake?.TrySetResult();
        return true;
    }

    /// <summary>Adds one message whatever the high-water mark, for what must not be lost (XPUB's subscription reports).</summary>
    public void WriteUnbounded(InboundMessage item)
    {
        TaskCompletionSource? wake;
        lock (_gate)
        {
            if (_completed)
            {
                return;
            }

            _shared.Enqueue(item);
            wake = TakeReadable();
        }

        wake?.TrySetResult();
    }

    /// <summary>Completes when a write may find room again (or the queue was completed); call after a <see cref="TryWrite(Pipe, IReadOnlyList{ZMessage}, int, Func{ZMessage, bool})"/> that stopped short.</summary>
    public Task WaitWritableAsync(CancellationToken cancellationToken)
    {
        Task waiting;
        lock (_gate)
        {
            if (_completed || !IsFullLocked())
            {
                return Task.CompletedTask;
            }

            _writable ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            waiting = _writable.Task;
            _writerWaiting = true;

            // The reader may have taken messages between the check and the flag; it only wakes writers it can see.
            Interlocked.MemoryBarrier();
            if (!IsFullLocked())
            {
                TakeWritable()?.TrySetResult();
            }
        }

        return waiting.WaitAsync(cancellationToken);
    }

    /// <summary>Takes the next message if one is queued now; false when none is (or the queue is completed and drained).</summary>
    public bool TryRead(out InboundMessage item)
    {
        lock (_readerGate)
        {
            if (_taken.Count == 0)
            {
                lock (_gate)
                {
                    if (_shared.Count == 0)
                    {
                        item = default;
                        return false;
                    }

                    (_taken, _shared) = (_shared, _taken);
                    // Counted before the lock goes, so that a writer never sees the taken messages nowhere.
                    Volatile.Write(ref _takenCount, _taken.Count);
                }
            }

            item = _taken.Dequeue();
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

            return true;
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

            Task readable;
            lock (_gate)
            {
                if (_shared.Count > 0)
                {
                    continue;
                }

                if (_completed)
                {
                    throw new InvalidOperationException("The inbound queue is completed.");
                }

                _readable ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                readable = _readable.Task;
            }

            await readable.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Refuses further messages; readers drain what is queued and then fail; waiting writers return.</summary>
    public void Complete()
    {
        TaskCompletionSource? readable;
        TaskCompletionSource? writable;
        lock (_gate)
        {
            _completed = true;
            readable = TakeReadable();
            writable = TakeWritable();
        }

        readable?.TrySetResult();
        writable?.TrySetResult();
    }

    private bool IsFullLocked() => _capacity != 0 && _shared.Count + Volatile.Read(ref _takenCount) >= _capacity;

    private void WakeWriter()
    {
        TaskCompletionSource? writable;
        lock (_gate)
        {
            // Other pipes may have refilled the shared queue since the reader took its batch.
            if (_shared.Count + Volatile.Read(ref _takenCount) > _lowWater)
            {
                return;
            }

            writable = TakeWritable();
        }

        writable?.TrySetResult();
    }

    private TaskCompletionSource? TakeReadable()
    {
        var readable = _readable;
        _readable = null;
        return readable;
    }

    private TaskCompletionSource? TakeWritable()
    {
        var writable = _writable;
        _writable = null;
        _writerWaiting = false;
        return writable;
    }
}
