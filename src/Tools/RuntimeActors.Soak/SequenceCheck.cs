namespace RuntimeActors.Soak;

/// <summary>
/// Checks one stream of numbered messages as its receiver sees them: each must be the next number. A number past the
/// next one leaves a gap (messages missing), one below it is a duplicate (or a message out of order, which the
/// in-order socket types must not produce either). Only the receiving loop calls <see cref="Accept"/>; the other
/// members are read from other threads.
/// </summary>
internal sealed class SequenceCheck
{
    private long _next;
    private long _gaps;
    private long _duplicates;
    private long _corrupt;

    /// <summary>The number the next message should carry: how many arrived in order, gaps skipped.</summary>
    public long Next => Volatile.Read(ref _next);

    /// <summary>Messages skipped over by a later number.</summary>
    public long Gaps => Volatile.Read(ref _gaps);

    /// <summary>Messages whose number came again or too late.</summary>
    public long Duplicates => Volatile.Read(ref _duplicates);

    /// <summary>Messages whose payload was not the one their number gives.</summary>
    public long Corrupt => Volatile.Read(ref _corrupt);

    /// <summary>Takes the message numbered <paramref name="sequence"/>; <paramref name="intact"/> says whether its payload checked out.</summary>
    public void Accept(long sequence, bool intact)
    {
        if (!intact)
        {
            Interlocked.Increment(ref _corrupt);
        }

        var next = _next;
        if (sequence == next)
        {
            Volatile.Write(ref _next, next + 1);
        }
        else if (sequence > next)
        {
            Interlocked.Add(ref _gaps, sequence - next);
            Volatile.Write(ref _next, sequence + 1);
        }
        else
        {
            Interlocked.Increment(ref _duplicates);
        }
    }

    /// <summary>
    /// The messages of <paramref name="sent"/> that never arrived: the gaps and the tail that did not come.
    /// </summary>
    public long Missing(long sent) => Gaps + Math.Max(0, sent - Next);
}
