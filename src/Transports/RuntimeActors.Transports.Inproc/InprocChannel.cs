using System.Threading.Channels;

namespace RuntimeActors.Transports.Inproc;

/// <summary>
/// One direction of an inproc connection: a lock-free single-reader, single-writer queue of messages, bounded by a
/// count of messages in flight. A writer that finds it full waits until the reader has brought it down to half
/// (libzmq's low-water mark), so the two ends meet at a wake-up once per half-capacity rather than once per message.
/// </summary>
/// <remarks>
/// A bounded <c>Channel</c> took its lock on both ends for every message; an unbounded single-reader, single-writer
/// one does not, and the count here gives back the bound (bench/run.sh's inproc rows).
/// </remarks>
internal sealed class InprocChannel : Channel<ZMessage>
{
    private readonly Channel<ZMessage> _queue = Channel.CreateUnbounded<ZMessage>(new UnboundedChannelOptions
    {
        SingleReader = true,
        SingleWriter = true,
    });

    private readonly Lock _gate = new();
    private readonly int _capacity;
    private readonly int _lowWater;
    private int _count;
    private volatile bool _writerWaiting;
    private TaskCompletionSource<bool>? _writable;

    /// <param name="capacity">Messages in flight at most; at least 1.</param>
    public InprocChannel(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _lowWater = capacity / 2;
        Reader = new InprocReader(this);
        Writer = new InprocWriter(this);
    }

    private bool IsFull => Volatile.Read(ref _count) >= _capacity;

    private void OnTaken()
    {
        // A full fence between publishing the count and reading the flag, paired with the writer's.
        var left = Interlocked.Decrement(ref _count);
        if (_writerWaiting && left <= _lowWater)
        {
            Wake(true);
        }
    }

    private void Wake(bool writable)
    {
        TaskCompletionSource<bool>? waiter;
        lock (_gate)
        {
            waiter = _writable;
            _writable = null;
            _writerWaiting = false;
        }

        waiter?.TrySetResult(writable);
    }

    private ValueTask<bool> WaitToWriteAsync(CancellationToken cancellationToken)
    {
        Task<bool> waiting;
        lock (_gate)
        {
            if (_queue.Reader.Completion.IsCompleted)
            {
                return ValueTask.FromResult(false);
            }

            if (!IsFull)
            {
                return ValueTask.FromResult(true);
            }

            _writable ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            waiting = _writable.Task;
            _writerWaiting = true;
        }

        // The reader may have taken messages between the check and the flag; it only wakes a writer it can see.
        Interlocked.MemoryBarrier();
        if (!IsFull)
        {
            Wake(true);
        }

        return new ValueTask<bool>(waiting.WaitAsync(cancellationToken));
    }

    private sealed class InprocReader(InprocChannel channel) : ChannelReader<ZMessage>
    {
        public override Task Completion => channel._queue.Reader.Completion;

        public override bool TryRead(out ZMessage item)
        {
            if (!channel._queue.Reader.TryRead(out item!))
            {
                return false;
            }

            channel.OnTaken();
            return true;
        }

        public override ValueTask<bool> WaitToReadAsync(CancellationToken cancellationToken = default) =>
            channel._queue.Reader.WaitToReadAsync(cancellationToken);
    }

    private sealed class InprocWriter(InprocChannel channel) : ChannelWriter<ZMessage>
    {
        public override bool TryWrite(ZMessage item)
        {
            if (channel.IsFull)
            {
                return false;
            }

            Interlocked.Increment(ref channel._count);
            if (channel._queue.Writer.TryWrite(item))
            {
                return true;
            }

            Interlocked.Decrement(ref channel._count);
            return false;
        }

        public override ValueTask<bool> WaitToWriteAsync(CancellationToken cancellationToken = default) =>
            channel.WaitToWriteAsync(cancellationToken);

        public override bool TryComplete(Exception? error = null)
        {
            var completed = channel._queue.Writer.TryComplete(error);
            // A writer parked on a full channel learns that nothing more goes in.
            channel.Wake(false);
            return completed;
        }
    }
}
