namespace RuntimeActors.Messages;

/// <summary>
/// A process-wide pool of reusable objects for the data path (messages, frame buffers). Objects are taken on
/// one thread (an engine decoding, a sender) and given back on another (the receiver, the engine's writer), so
/// each thread keeps a small stack of its own (<see cref="ThreadCache"/>) and trades half of it with the shared
/// stack here when it runs empty or full: one lock per <see cref="Batch"/> objects instead of one per message, as
/// ArrayPool's per-thread caches.
/// </summary>
/// <remarks>
/// An object never given back is simply collected: the pool only saves allocations, it owns nothing. The per-thread
/// cache lives in a non-generic [ThreadStatic] field of the caller (see <see cref="DataPathPools"/>): a thread-static
/// of a generic class over a reference type is reached through a runtime lookup (__tls_get_addr took 4 % of the
/// inproc throughput row under perf).
/// </remarks>
internal sealed class ObjectPool<T>
    where T : class, new()
{
    private const int LocalCapacity = 64;
    private const int Batch = LocalCapacity / 2;

    // Enough for the swings of a few full pipes (RCVHWM + SNDHWM = 2,000 each by default) in flight at once; a pooled
    // message may keep a frame of up to 1 KB alive, so this also bounds what the pool holds on to.
    private const int SharedCapacity = 4 * 1024;

    private readonly Lock _sharedGate = new();
    private readonly Slot[] _shared = new Slot[SharedCapacity];
    private int _sharedCount;

    /// <summary>An object from the pool, or a new one when the pool is empty.</summary>
    public T Rent(ref ThreadCache? local)
    {
        local ??= new ThreadCache();
        if (local.Count > 0)
        {
            var index = --local.Count;
            var item = local.Items[index].Item;
            local.Items[index].Item = null!;
            return item;
        }

        return RentSlow(local);
    }

    /// <summary>Gives <paramref name="item"/> back; the caller must hold no reference to it any more.</summary>
    public void Return(T item, ref ThreadCache? local)
    {
        local ??= new ThreadCache();
        if (local.Count == LocalCapacity)
        {
            MoveToShared(local);
        }

        local.Items[local.Count++].Item = item;
    }

    private T RentSlow(ThreadCache local)
    {
        lock (_sharedGate)
        {
            var take = Math.Min(Batch, _sharedCount);
            for (var i = 0; i < take; i++)
            {
                local.Items[i] = _shared[--_sharedCount];
                _shared[_sharedCount].Item = null!;
            }

            local.Count = take;
        }

        if (local.Count == 0)
        {
            return new T();
        }

        var item = local.Items[--local.Count].Item;
        local.Items[local.Count].Item = null!;
        return item;
    }

    private void MoveToShared(ThreadCache local)
    {
        lock (_sharedGate)
        {
            for (var i = 0; i < Batch; i++)
            {
                var item = local.Items[--local.Count];
                local.Items[local.Count].Item = null!;
                if (_sharedCount < SharedCapacity)
                {
                    _shared[_sharedCount++] = item;
                }
            }
        }
    }

    /// <summary>One thread's stack of pooled objects.</summary>
    internal sealed class ThreadCache
    {
        public Slot[] Items { get; } = new Slot[LocalCapacity];

        public int Count { get; set; }
    }

    /// <summary>An array element of a struct type: storing a reference into it needs no covariance check (StelemRef took 2.5 % of the inproc row).</summary>
    internal struct Slot
    {
        public T Item;
    }
}
