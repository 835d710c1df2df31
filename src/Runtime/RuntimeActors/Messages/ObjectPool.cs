namespace RuntimeActors;

/// <summary>
/// A process-wide pool of reusable objects for the data path (messages, frame buffers). Objects are taken on
/// one thread (an engine decoding, a sender) and given back on another (the receiver, the engine's writer), so
/// each thread keeps a small stack of its own and trades half of it with a shared stack when it runs empty or
/// full: one lock per <see cref="Batch"/> objects instead of one per message, as ArrayPool's per-thread caches.
/// </summary>
/// <remarks>
/// An object never given back is simply collected: the pool only saves allocations, it owns nothing.
/// </remarks>
internal static class ObjectPool<T>
    where T : class, new()
{
    private const int LocalCapacity = 64;
    private const int Batch = LocalCapacity / 2;

    // Enough for the messages of several full pipes (RCVHWM + SNDHWM = 2,000 each by default) in flight at once.
    private const int SharedCapacity = 16 * 1024;

    private static readonly Lock SharedGate = new();
    private static readonly T[] Shared = new T[SharedCapacity];
    private static int _sharedCount;

    [ThreadStatic]
    private static T[]? _local;

    [ThreadStatic]
    private static int _localCount;

    /// <summary>An object from the pool, or a new one when the pool is empty.</summary>
    public static T Rent()
    {
        var local = _local;
        if (local is not null && _localCount > 0)
        {
            var index = --_localCount;
            var item = local[index];
            local[index] = null!;
            return item;
        }

        return RentSlow();
    }

    /// <summary>Gives <paramref name="item"/> back; the caller must hold no reference to it any more.</summary>
    public static void Return(T item)
    {
        var local = _local ??= new T[LocalCapacity];
        if (_localCount == LocalCapacity)
        {
            MoveToShared(local);
        }

        local[_localCount++] = item;
    }

    private static T RentSlow()
    {
        var local = _local ??= new T[LocalCapacity];
        lock (SharedGate)
        {
            var take = Math.Min(Batch, _sharedCount);
            for (var i = 0; i < take; i++)
            {
                local[i] = Shared[--_sharedCount];
                Shared[_sharedCount] = null!;
            }

            _localCount = take;
        }

        return _localCount > 0 ? Rent() : new T();
    }

    private static void MoveToShared(T[] local)
    {
        lock (SharedGate)
        {
            for (var i = 0; i < Batch; i++)
            {
                var item = local[--_localCount];
                local[_localCount] = null!;
                if (_sharedCount < SharedCapacity)
                {
                    Shared[_sharedCount++] = item;
                }
            }
        }
    }
}
