using System.Runtime.InteropServices;

namespace RuntimeActors.Pipes;

/// <summary>
/// The messages of one inproc pipe on their way into a socket: a queue with one writer at a time (the peer socket
/// sending straight in, or its engine handing on what had to wait) and one reader (the socket's inbound queue), as
/// libzmq's ypipe. Neither side takes a lock or an atomic read-modify-write per message: each publishes its own index
/// and reads the other's only when its cached copy says the queue looks empty (reader) or full (writer).
/// </summary>
/// <remarks>
/// Bounded by RCVHWM per pipe, as libzmq bounds each pipe. The slots are chunks of 256 in a ring that the writer grows
/// only when the reader is still in the chunk it would move on to, so a steady flow allocates nothing once the ring
/// has grown to what is in flight.
/// </remarks>
internal sealed class InboundLane
{
    private const int ChunkSize = 256;
    private const int ClearGroup = 8;

    // WaitBrieflyForWrite: 5 checks, 16 spin-waits apart (Thread.SpinWait(16) is ~0.4 µs on this machine).
    private const int BriefWaitChecks = 5;
    private const int BriefWaitSpinsPerCheck = 16;

    private int _capacity;
    private int _lowWater;
    private readonly Lock _waitGate = new();
    private Indices _indices;
    private Chunk _writeChunk;
    private Chunk _readChunk;

    // The writer's count of chunks in the ring.
    private long _chunks = 1;
    private readonly ReusableWaiter _writable = new();

    // Either writer waits for room: the engine on _writable, or the sending socket for _onRoom (under _waitGate).
    private volatile bool _writerWaiting;
    private bool _engineWaiting;
    private bool _senderWaiting;
    private Action? _onRoom;

    // 0: the inbound queue's reader has no claim on this lane (it found it empty); 1: the lane is in its active list.
    private int _active;

    /// <param name="pipe">The pipe whose messages the lane carries.</param>
    /// <param name="capacity">RCVHWM: messages in the lane at most; 0 for no limit.</param>
    public InboundLane(Pipe pipe, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Pipe = pipe;
        _capacity = capacity;
        _lowWater = capacity / 2;
        _writeChunk = _readChunk = new Chunk();
        _writeChunk.Next = _writeChunk;
    }

    public Pipe Pipe { get; }

    /// <summary>Messages written and not yet read, at one moment (status reports).</summary>
    public int Count => (int)(Volatile.Read(ref _indices.Written) - Volatile.Read(ref _indices.Read));

    /// <summary>
    /// The sending socket writes straight in from now on: the lane holds its SNDHWM as well (0 on either side: no
    /// limit), as libzmq sizes an inproc pipe to the sum of both high-water marks, and <paramref name="onRoom"/> is
    /// what <see cref="TryWaitForRoom"/> calls back. Before the sender's first write.
    /// </summary>
    public void AttachSender(int sendHighWaterMark, Action onRoom)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sendHighWaterMark);
        lock (_waitGate)
        {
            _onRoom = onRoom;
            if (_capacity != 0)
            {
                _capacity = sendHighWaterMark == 0 ? 0 : _capacity + sendHighWaterMark;
                _lowWater = _capacity / 2;
            }
        }
    }

    /// <summary>Writer: queues <paramref name="message"/>; false when the lane is at its high-water mark.</summary>
    public bool TryWrite(ZMessage message)
    {
        var written = _indices.Written;
        if (_capacity != 0 && written - _indices.ReadSeen >= _capacity)
        {
            _indices.ReadSeen = Volatile.Read(ref _indices.Read);
            if (written - _indices.ReadSeen >= _capacity)
            {
                return false;
            }
        }

        var slot = (int)(written % ChunkSize);
        if (slot == 0 && written != 0)
        {
            MoveToNextChunk(written / ChunkSize);
        }

        _writeChunk.Items[slot] = message;
        // A full fence: the written index must be visible before the writer reads whether the reader let go of the lane.
        Interlocked.Exchange(ref _indices.Written, written + 1);
        return true;
    }

    /// <summary>
    /// Writer: moves on to the ring's next chunk, or puts a new one before it when the reader has not left it yet
    /// (absolute chunk numbers: the next chunk last held <paramref name="chunk"/> - ring size).
    /// </summary>
    private void MoveToNextChunk(long chunk)
    {
        if (chunk - ReaderChunk(_indices.ReadSeen) >= _chunks)
        {
            _indices.ReadSeen = Volatile.Read(ref _indices.Read);
            if (chunk - ReaderChunk(_indices.ReadSeen) >= _chunks)
            {
                // Published by the written index: the reader follows Next only after it has seen a slot beyond it.
                _writeChunk.Next = new Chunk { Next = _writeChunk.Next };
                _chunks++;
            }
        }

        _writeChunk = _writeChunk.Next!;
    }

    /// <summary>
    /// The chunk the reader is in after reading <paramref name="read"/> messages: the one of the last message it read.
    /// A reader that has read a chunk to its end is still in it, and leaves it by its Next only when it reads the first
    /// message beyond: until then the writer must neither reuse that chunk nor put a new one after it, or the reader would
    /// follow the new chunk and skip the ones the Next led to before (regression test in InboundLaneTests).
    /// </summary>
    private static long ReaderChunk(long read) => read == 0 ? 0 : (read - 1) / ChunkSize;

    /// <summary>Writer: claims the lane for the reader's active list; true when the caller must add it there (it was idle).</summary>
    public bool TryActivate() => Volatile.Read(ref _active) == 0 && Interlocked.CompareExchange(ref _active, 1, 0) == 0;

    /// <summary>Writer: completes when the lane has room again (the reader brought it to half), or at once if it has.</summary>
    public ValueTask WaitWritableAsync(CancellationToken cancellationToken)
    {
        ValueTask waiting;
        lock (_waitGate)
        {
            _engineWaiting = true;
            _writerWaiting = true;
            waiting = _writable.WaitAsync(cancellationToken);
        }

        // The reader may have made room between the failed write and the flag; it only wakes a writer it can see.
        Interlocked.MemoryBarrier();
        if (!IsFull())
        {
            WakeWriter();
        }

        return waiting;
    }

    /// <summary>
    /// The sending socket, after a write found the lane full: asks for the callback given to <see cref="AttachSender"/>
    /// once the reader has brought the lane down to half. False when the lane has room already: write again.
    /// </summary>
    /// <remarks>
    /// The sender waits as its socket waits for any full pipe, instead of queueing behind the lane for its engine to
    /// hand on: with a receiver slower than the sender, that queue took half the messages or more of a 64-byte inproc
    /// stream, each through the queue's lock and a third thread (bench/run.sh's inproc rows ran at 3-5e6 msg/s).
    /// </remarks>
    public bool TryWaitForRoom()
    {
        lock (_waitGate)
        {
            _senderWaiting = true;
            _writerWaiting = true;
        }

        // Paired with the reader's fence in TryRelease and its index write: either it sees the flag or we see the room.
        Interlocked.MemoryBarrier();
        if (!IsFull())
        {
            lock (_waitGate)
            {
                _senderWaiting = false;
                _writerWaiting = _engineWaiting;
            }

            return false;
        }

        return true;
    }

    /// <summary>Reader: takes the next message; false when the lane is empty now.</summary>
    public bool TryRead(out ZMessage message)
    {
        var read = _indices.Read;
        if (read == _indices.WrittenSeen)
        {
            _indices.WrittenSeen = Volatile.Read(ref _indices.Written);
            if (read == _indices.WrittenSeen)
            {
                message = null!;
                return false;
            }
        }

        var slot = (int)(read % ChunkSize);
        if (slot == 0 && read != 0)
        {
            _readChunk = _readChunk.Next!;
        }

        var items = _readChunk.Items;
        message = items[slot]!;
        // Slots are cleared a group of eight at a time, when the writer has moved past them: clearing each as it is
        // read pulled its cache line away from a writer still filling the slots next to it. Before Read is published,
        // so that the writer never comes back to a slot that is still to be cleared.
        if ((slot & (ClearGroup - 1)) == ClearGroup - 1)
        {
            Array.Clear(items, slot - (ClearGroup - 1), ClearGroup);
        }

        Volatile.Write(ref _indices.Read, read + 1);
        if (_writerWaiting && Volatile.Read(ref _indices.Written) - (read + 1) <= _lowWater)
        {
            WakeWriter();
        }

        return true;
    }

    /// <summary>
    /// Reader, on a lane found empty: waits a moment (about 2 µs here) for the writer's next message before letting go of
    /// the lane; true when one came.
    /// </summary>
    /// <remarks>
    /// A reader as fast as its writer found the lane empty after most messages, and each time it let go of the lane and
    /// the writer claimed it back: two fences, the writer's compare-exchange, both sides on the queue's lock, often a wake
    /// (perf: TryRelease, lock contention, the active list and wakes 10-15 % of a 64-byte inproc stream). The spin
    /// checks sparsely, every ~0.4 µs: checking the written index every ~30 ns pulled its cache line from the writer and
    /// was slower than not spinning at all. bench inproc-thr 2e6 64 2e6, 12 runs each interleaved with zbench, quiet
    /// runs: median 0.22 s without the spin, 0.18-0.19 s with it (libzmq 0.17 s).
    /// </remarks>
    public bool WaitBrieflyForWrite()
    {
        for (var i = 0; i < BriefWaitChecks; i++)
        {
            Thread.SpinWait(BriefWaitSpinsPerCheck);
            if (Volatile.Read(ref _indices.Written) != _indices.Read)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Reader: lets go of an empty lane. False when a message arrived meanwhile and the reader keeps the lane; true when
    /// the next writer will hand it back (<see cref="TryActivate"/>).
    /// </summary>
    public bool TryRelease()
    {
        Volatile.Write(ref _active, 0);
        // A full fence, paired with the writer's: either it sees the lane idle, or the reader sees its message.
        Interlocked.MemoryBarrier();
        if (Volatile.Read(ref _indices.Written) == _indices.Read)
        {
            if (_writerWaiting)
            {
                WakeWriter();
            }

            return true;
        }

        // A message came: keep the lane unless its writer already claimed it back for the active list.
        return Interlocked.CompareExchange(ref _active, 1, 0) != 0;
    }

    /// <summary>Releases the writers waiting for room whatever the lane holds (the socket closed, the connection ended).</summary>
    public void WakeWriter()
    {
        bool engine;
        Action? sender;
        lock (_waitGate)
        {
            engine = _engineWaiting;
            sender = _senderWaiting ? _onRoom : null;
            _engineWaiting = false;
            _senderWaiting = false;
            _writerWaiting = false;
        }

        if (engine)
        {
            _writable.Wake(true);
        }

        sender?.Invoke();
    }

    private bool IsFull()
    {
        var capacity = Volatile.Read(ref _capacity);
        return capacity != 0 && Volatile.Read(ref _indices.Written) - Volatile.Read(ref _indices.Read) >= capacity;
    }

    private sealed class Chunk
    {
        public readonly ZMessage?[] Items = new ZMessage?[ChunkSize];
        public Chunk? Next;
    }

    /// <summary>The two sides' indices on cache lines of their own, so that publishing one does not evict the other.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct Indices
    {
        // Written by the writer; read by the reader when its copy runs out.
        [FieldOffset(64)]
        public long Written;

        // The writer's copy of Read.
        [FieldOffset(72)]
        public long ReadSeen;

        // Written by the reader; read by the writer when its copy says full.
        [FieldOffset(128)]
        public long Read;

        // The reader's copy of Written.
        [FieldOffset(136)]
        public long WrittenSeen;
    }
}
