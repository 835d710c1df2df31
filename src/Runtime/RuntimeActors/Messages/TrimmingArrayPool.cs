using System.Buffers;
using System.Numerics;

namespace RuntimeActors.Messages;

/// <summary>
/// The pool of received frames' arrays: per power-of-two length, a stack that grows with what is in flight and, at
/// each trim, gives back to the GC what the interval since the last one did not need, keeping a quarter more than
/// its peak in flight (and at least the arrays it keeps however long unused).
/// </summary>
/// <remarks>
/// A fixed bound could not serve both ends. A tcp receiver of 64 KB messages holds up to RCVHWM (1,000) frames, and
/// how many are in flight swings by hundreds between a burst of reads and a burst of receives: keeping 256 arrays, one
/// receive in a few hundred allocated its 64 KB array (153-418 B per message on bench/run.sh's tcp 64 KB row); keeping
/// thousands would hold up to hundreds of MB for ever after a burst. libzmq's receiver mallocs each body, and the C
/// allocator keeps what was freed for the next ones the same way; this pool keeps it only while it is used.
/// Growing one array at a time still allocated at every new peak: a 64 KB stream's measured half went 2-70 arrays
/// above its warm-up's peak of 241-344 (0.1-97 B per message). A bucket run dry therefore makes half as many again
/// as are out, as a list doubles its capacity: in six runs the measured half made none.
/// </remarks>
internal sealed class TrimmingArrayPool : ArrayPool<byte>, IDisposable
{
    private const int MinimumLength = 16;

    // A bucket run dry makes half as many arrays again as are out; a trim keeps a quarter more than the peak out.
    private const int GrowthDivisor = 2;
    private const int KeptMarginDivisor = 4;

    private readonly Bucket[] _buckets;
    private readonly int _maxLength;
    private readonly Timer? _trimmer;

    /// <param name="maxLength">The longest array the pool serves (a power of two); longer ones are made and dropped.</param>
    /// <param name="keep">Arrays of a length kept however long unused.</param>
    /// <param name="cap">Arrays of a length kept at most, whatever is in flight.</param>
    /// <param name="trimInterval">How often to trim; <see cref="Timeout.InfiniteTimeSpan"/> for only when <see cref="Trim"/> is called.</param>
    public TrimmingArrayPool(int maxLength, int keep, int cap, TimeSpan trimInterval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, MinimumLength);
        ArgumentOutOfRangeException.ThrowIfNegative(keep);
        ArgumentOutOfRangeException.ThrowIfLessThan(cap, keep);
        if (!BitOperations.IsPow2(maxLength))
        {
            throw new ArgumentException($"the longest array, {maxLength} bytes, is not a power of two", nameof(maxLength));
        }

        _maxLength = maxLength;
        _buckets = new Bucket[BucketIndex(maxLength) + 1];
        for (var i = 0; i < _buckets.Length; i++)
        {
            _buckets[i] = new Bucket(MinimumLength << i, keep, cap);
        }

        if (trimInterval != Timeout.InfiniteTimeSpan)
        {
            // The pools live as long as the process; a trim is a few locks every interval.
            _trimmer = new Timer(static pool => ((TrimmingArrayPool)pool!).Trim(), this, trimInterval, trimInterval);
        }
    }

    public override byte[] Rent(int minimumLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minimumLength);
        if (minimumLength > _maxLength)
        {
            return new byte[minimumLength];
        }

        return minimumLength == 0 ? [] : _buckets[BucketIndex(minimumLength)].Rent();
    }

    public override void Return(byte[] array, bool clearArray = false)
    {
        ArgumentNullException.ThrowIfNull(array);
        if (!CouldBeOurs(array))
        {
            // Not one of ours (an empty array, or one made for a longer request): the GC takes it.
            return;
        }

        if (clearArray)
        {
            Array.Clear(array);
        }

        _buckets[BucketIndex(array.Length)].Return(array);
    }

    /// <summary>
    /// <paramref name="array"/>, rented here, will not come back (a frame handed to code that keeps it): it no longer
    /// counts as in flight.
    /// </summary>
    public void Abandon(byte[] array)
    {
        ArgumentNullException.ThrowIfNull(array);
        if (CouldBeOurs(array))
        {
            _buckets[BucketIndex(array.Length)].Abandon();
        }
    }

    /// <summary>Whether <paramref name="array"/> has the length of one of the buckets' arrays.</summary>
    private bool CouldBeOurs(byte[] array) => array.Length >= MinimumLength && array.Length <= _maxLength && BitOperations.IsPow2(array.Length);

    /// <summary>Stops the periodic trim (the runtime's pools live as long as the process; tests dispose theirs).</summary>
    public void Dispose() => _trimmer?.Dispose();

    /// <summary>Gives back, for each length, the arrays that nobody took since the last trim (keeping the ones it keeps).</summary>
    public void Trim()
    {
        foreach (var bucket in _buckets)
        {
            bucket.Trim();
        }
    }

    /// <summary>How many arrays of <paramref name="length"/>'s bucket the pool holds now; for tests.</summary>
    internal int Count(int length) => _buckets[BucketIndex(length)].Count;

    private static int BucketIndex(int length) => BitOperations.Log2((uint)Math.Max(length, MinimumLength) - 1) + 1 - BitOperations.Log2(MinimumLength);

    private sealed class Bucket(int length, int keep, int cap)
    {
        private readonly Lock _gate = new();
        private byte[][] _arrays = new byte[Math.Min(cap, 16)][];
        private int _count;

        // Arrays rented and neither returned nor abandoned, and the most of them at once since the last trim.
        private int _out;
        private int _peakOut;

        public int Count
        {
            get
            {
                lock (_gate)
                {
                    return _count;
                }
            }
        }

        public byte[] Rent()
        {
            int spare;
            lock (_gate)
            {
                _out++;
                _peakOut = Math.Max(_peakOut, _out);
                if (_count > 0)
                {
                    var array = _arrays[--_count];
                    _arrays[_count] = null!;
                    return array;
                }

                // Run dry: make the stock half as much again as what is out now, so that the next swings above this
                // one find arrays made already (a 64 KB stream's steady state allocated at each new peak).
                spare = Math.Max(0, Math.Min(_out / GrowthDivisor, cap - _out));
            }

            if (spare > 0)
            {
                var made = new byte[spare][];
                for (var i = 0; i < spare; i++)
                {
                    made[i] = new byte[length];
                }

                lock (_gate)
                {
                    foreach (var array in made)
                    {
                        Push(array);
                    }
                }
            }

            return new byte[length];
        }

        public void Return(byte[] array)
        {
            lock (_gate)
            {
                _out = Math.Max(0, _out - 1);
                Push(array);
            }
        }

        public void Abandon()
        {
            lock (_gate)
            {
                _out = Math.Max(0, _out - 1);
            }
        }

        public void Trim()
        {
            lock (_gate)
            {
                // Kept: a quarter more than the interval's peak in flight, and at least what the pool always keeps.
                var target = Math.Max(keep, _peakOut + (_peakOut / KeptMarginDivisor));
                var surplus = Math.Min(_count, _out + _count - target);
                for (; surplus > 0; surplus--)
                {
                    _arrays[--_count] = null!;
                }

                _peakOut = _out;
            }
        }

        private void Push(byte[] array)
        {
            if (_count == cap)
            {
                return;
            }

            if (_count == _arrays.Length)
            {
                Array.Resize(ref _arrays, Math.Min(cap, Math.Max(16, _arrays.Length * 2)));
            }

            _arrays[_count++] = array;
        }
    }
}
