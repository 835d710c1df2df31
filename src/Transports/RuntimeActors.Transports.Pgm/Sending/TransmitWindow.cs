namespace RuntimeActors.Transports.Pgm.Sending;

/// <summary>
/// The sender's transmit window: the TSDUs it can still repair, by sequence number. It holds at most
/// <c>capacity</c> packets (libzmq's compute_sqns) and none older than the recovery interval. The buffers it lets go
/// are handed back for the encoder to fill again, so a sender in its steady state allocates none.
/// </summary>
internal sealed class TransmitWindow
{
    private readonly Entry[] _ring;
    private readonly TimeSpan _retention;
    private int _head;
    private int _count;

    /// <summary>Creates an empty window (trail 0, lead 0xffffffff, as OpenPGM starts).</summary>
    public TransmitWindow(int capacity, TimeSpan retention)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new Entry[capacity];
        _retention = retention;
        Lead = uint.MaxValue;
    }

    /// <summary>The oldest sequence number held (lead + 1 when empty).</summary>
    public uint Trail { get; private set; }

    /// <summary>The newest sequence number sent.</summary>
    public uint Lead { get; private set; }

    /// <summary>How many packets the window holds.</summary>
    public int Count => _count;

    /// <summary>How many packets it can hold.</summary>
    public int Capacity => _ring.Length;

    /// <summary>Computes libzmq's window size: the packets of one recovery interval at the rate, at least one.</summary>
    public static int ComputeSqns(int rateKilobitsPerSecond, TimeSpan recoveryInterval, int maxTpdu)
    {
        var bytesPerMillisecond = (ulong)Math.Max(rateKilobitsPerSecond, 0) / 8;
        var size = (ulong)Math.Max(recoveryInterval.TotalMilliseconds, 0) * bytesPerMillisecond;
        var sqns = size / (ulong)Math.Max(maxTpdu, 1);
        return (int)Math.Clamp(sqns, 1, 1 << 20);
    }

    /// <summary>
    /// Adds the first <paramref name="length"/> bytes of <paramref name="buffer"/> as the next sequence number, which the
    /// window now owns; when full, the oldest goes and its buffer is <paramref name="released"/>.
    /// </summary>
    public uint Append(byte[] buffer, int length, TimeSpan now, out byte[]? released)
    {
        released = _count == _ring.Length ? RemoveOldest() : null;
        Lead++;
        _ring[(_head + _count) % _ring.Length] = new Entry(buffer, length, now);
        _count++;
        return Lead;
    }

    /// <summary>The TSDU of <paramref name="sqn"/> if the window still holds it; valid until the window changes.</summary>
    public bool TryGet(uint sqn, out ReadOnlySpan<byte> tsdu)
    {
        var index = sqn - Trail;
        if (index < (uint)_count)
        {
            var entry = _ring[(_head + (int)index) % _ring.Length];
            tsdu = entry.Buffer.AsSpan(0, entry.Length);
            return true;
        }

        tsdu = default;
        return false;
    }

    /// <summary>Drops what is older than the recovery interval, adding the buffers let go to <paramref name="released"/>.</summary>
    public void Expire(TimeSpan now, List<byte[]>? released = null)
    {
        while (_count > 0 && now - _ring[_head].SentAt > _retention)
        {
            var buffer = RemoveOldest();
            released?.Add(buffer);
        }
    }

    private byte[] RemoveOldest()
    {
        var buffer = _ring[_head].Buffer;
        _ring[_head] = default;
        _head = (_head + 1) % _ring.Length;
        _count--;
        Trail++;
        return buffer;
    }

    private readonly record struct Entry(byte[] Buffer, int Length, TimeSpan SentAt);
}
