using System.Buffers;
using System.Diagnostics;

namespace RuntimeActors.Messages;

/// <summary>
/// Pooled memory that received frames are cut from, counted by reference: the engine holds one reference while
/// it fills a buffer, and each message with a frame in it holds one more. The last release returns the array and this
/// object to their pools. Small frames share a buffer, as libzmq's decoder
/// lets messages point into its read buffer; a large frame has a dedicated buffer of its own.
/// </summary>
/// <remarks>
/// A buffer whose references are never all released is collected with its array; only a release too many (or a
/// use after the last) is a bug, so references are taken and released only by the types that own them.
/// </remarks>
internal sealed class FrameBuffer
{
    /// <summary>Arrays up to this length come from <see cref="DedicatedArrays"/> or <see cref="SharedArrays"/>, longer ones up to <see cref="PooledArrayLimit"/> from <see cref="LargeArrays"/>.</summary>
    private const int SmallArrayLimit = 64 * 1024;

    /// <summary>Longer arrays come from <see cref="ArrayPool{T}.Shared"/>.</summary>
    private const int PooledArrayLimit = 1024 * 1024;

    /// <summary>
    /// Arrays of large frames (a buffer of their own) up to 64 KB: as many as are in flight, and what stayed unused
    /// for a trim interval (10 s) goes back to the GC down to 256 of a length (<see cref="TrimmingArrayPool"/> says
    /// why). 4,096 of a length at most.
    /// </summary>
    private static readonly TrimmingArrayPool DedicatedArrays = new(SmallArrayLimit, keep: 256, cap: 4096, TimeSpan.FromSeconds(10));

    /// <summary>
    /// The buffers small frames are cut from, 2-32 KB sized to a read: at most 256 of a length, for ever. An engine
    /// lets its buffer go after each read's delivery, so few are in flight at once, and a burst of reads over many
    /// connections (a PUB taking a thousand subscriptions) need not leave its peak in the pool.
    /// </summary>
    private static readonly ArrayPool<byte> SharedArrays = ArrayPool<byte>.Create(SmallArrayLimit, 256);

    /// <summary>
    /// Arrays of frames over 64 KB, up to 1 MB, trimmed as <see cref="DedicatedArrays"/> are: a 64 KB message under
    /// CURVE is a 65,569-byte frame, and with a receive high-water mark of 1,000 messages in flight a pool of 16 a
    /// length made the receiver allocate 9.7 KB a message (bench/run.sh's tcp curve alloc 64KB row). 16 of a length
    /// stay for ever, 1,024 at most.
    /// </summary>
    private static readonly TrimmingArrayPool LargeArrays = new(PooledArrayLimit, keep: 16, cap: 1024, TimeSpan.FromSeconds(10));

    private byte[]? _array;
    /// <summary>
    /// References the filling engine holds in advance for the frames it will cut: handing one to a message is then a
    /// plain count on the engine's side instead of an atomic increment on a line the receiving thread's decrements keep
    /// pulling away (perf of the tcp 64 B receiver).
    /// </summary>
    private const int Reserve = 1 << 20;

    private int _references;
    private int _reserveLeft;
    private int _used;

    /// <summary>The pooled array; valid while a reference is held.</summary>
    public byte[] Array => _array ?? throw new ObjectDisposedException(nameof(FrameBuffer));

    /// <summary>Whether the buffer holds one frame only, so that a sole owner may keep its array.</summary>
    public bool IsDedicated { get; private set; }

    /// <summary>How many owners hold the buffer now (tests, diagnostics).</summary>
    public int References => Volatile.Read(ref _references);

    /// <summary>The bytes left for further frames.</summary>
    public int Available => (_array?.Length ?? 0) - _used;

    /// <summary>A buffer of at least <paramref name="length"/> bytes with one reference, the caller's.</summary>
    public static FrameBuffer Rent(int length, bool dedicated)
    {
        var buffer = DataPathPools.RentBuffer();
        Debug.Assert(buffer._references == 0 && buffer._array is null, "a pooled frame buffer still had an owner");
        buffer._array = PoolFor(length, dedicated).Rent(length);
        buffer._references = 1;
        buffer._reserveLeft = 0;
        buffer._used = 0;
        buffer.IsDedicated = dedicated;
        return buffer;
    }

    /// <summary>Takes the next <paramref name="length"/> bytes for a frame; the caller checked <see cref="Available"/>.</summary>
    public Memory<byte> Allocate(int length)
    {
        var memory = new Memory<byte>(_array, _used, length);
        _used += length;
        return memory;
    }

    public void AddReference() => Interlocked.Increment(ref _references);

    /// <summary>
    /// Takes a reference for a frame cut from this buffer, out of a reserve taken with one atomic add: only the thread
    /// that fills the buffer calls this, and it gives the unused reserve back with <see cref="ReleaseFiller"/>.
    /// </summary>
    public void AddFrameReference()
    {
        if (_reserveLeft == 0)
        {
            Interlocked.Add(ref _references, Reserve);
            _reserveLeft = Reserve;
        }

        _reserveLeft--;
    }

    /// <summary>The filling engine is done with the buffer: its own reference and the unused reserve go.</summary>
    public void ReleaseFiller()
    {
        var unused = _reserveLeft;
        _reserveLeft = 0;
        Release(1 + unused);
    }

    public void Release() => Release(1);

    private void Release(int count)
    {
        var left = Interlocked.Add(ref _references, -count);
        Debug.Assert(left >= 0, "a frame buffer was released more often than referenced");
        if (left == 0)
        {
            if (_array is { } array)
            {
                _array = null;
                PoolFor(array.Length, IsDedicated).Return(array);
            }

            DataPathPools.ReturnBuffer(this);
        }
    }

    /// <summary>
    /// Gives the array away for good when the caller holds the only reference to a dedicated buffer: a large frame
    /// handed to code that keeps it (a message returned by ReceiveAsync()) costs no copy. The caller still releases
    /// its reference, which then returns this object without the array.
    /// </summary>
    public bool TryAbandonArray(out byte[] array)
    {
        if (!IsDedicated || Volatile.Read(ref _references) != 1 || _array is null)
        {
            array = null!;
            return false;
        }

        array = _array;
        _array = null;
        if (PoolFor(array.Length, dedicated: true) is TrimmingArrayPool pool)
        {
            pool.Abandon(array);
        }

        return true;
    }

    // A rented array's length is a power of two from the pool's buckets, so it returns to the pool it came from.
    private static ArrayPool<byte> PoolFor(int length, bool dedicated) => length switch
    {
        <= SmallArrayLimit when dedicated => DedicatedArrays,
        <= SmallArrayLimit => SharedArrays,
        <= PooledArrayLimit => LargeArrays,
        _ => ArrayPool<byte>.Shared,
    };

    /// <summary>Whether <paramref name="array"/> is this buffer's.</summary>
    public bool Holds(byte[]? array) => array is not null && ReferenceEquals(array, _array);
}
