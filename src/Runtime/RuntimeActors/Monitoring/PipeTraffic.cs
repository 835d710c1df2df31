using System.Runtime.InteropServices;

namespace RuntimeActors.Monitoring;

/// <summary>
/// What one pipe (one peer of a socket) carried: messages and bytes handed to the peer's queue and received from it,
/// and messages that found the peer's queue at its high-water mark. Read by <see cref="RuntimeMetrics"/> when a metrics
/// listener collects, never pushed per message: the data path adds to plain fields, which costs what an add costs.
/// </summary>
/// <remarks>
/// Each direction has one writer at a time: a socket routes to a pipe under the socket's lock, and the peer's messages
/// come from its one engine (or, inproc, from the peer socket under that socket's lock). The collecting thread reads
/// with <see cref="Volatile"/>: a 64-bit read is atomic on the 64-bit platforms the runtime supports, and a total read
/// mid-batch is merely a moment early. The two directions sit on separate cache lines, as their writers are different
/// threads.
/// </remarks>
internal sealed class PipeTraffic
{
    private Counts _sent;
    private Counts _received;

    public PipeTraffic(MetricTags tags) => Tags = tags;

    public MetricTags Tags { get; }

    public long MessagesSent => Volatile.Read(ref _sent.Messages);

    public long BytesSent => Volatile.Read(ref _sent.Bytes);

    public long Dropped => Volatile.Read(ref _sent.Dropped);

    public long MessagesReceived => Volatile.Read(ref _received.Messages);

    public long BytesReceived => Volatile.Read(ref _received.Bytes);

    /// <param name="bytes">The message's bytes, read before it was handed over (a receiver may recycle it at once).</param>
    public void CountSent(long bytes)
    {
        _sent.Messages++;
        _sent.Bytes += bytes;
    }

    public void CountDropped() => _sent.Dropped++;

    /// <param name="bytes">The message's bytes, read before the socket's queue took it.</param>
    public void CountReceived(long bytes)
    {
        _received.Messages++;
        _received.Bytes += bytes;
    }

    /// <summary>One direction's totals, padded to a cache line of its own.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 128)]
    private struct Counts
    {
        [FieldOffset(64)]
        public long Messages;

        [FieldOffset(72)]
        public long Bytes;

        [FieldOffset(80)]
        public long Dropped;
    }
}
