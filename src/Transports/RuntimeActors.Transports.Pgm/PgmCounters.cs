namespace RuntimeActors.Transports.Pgm;

/// <summary>What one connection did, for tests and diagnostics; read without locking (each is written by one loop).</summary>
internal sealed class PgmCounters
{
    private long _odataSent;
    private long _odataSkipped;
    private long _odataDropped;
    private long _naksSent;
    private long _naksReceived;
    private long _ncfsSent;
    private long _rdataSent;
    private long _rdataReceived;
    private long _spmsSent;
    private long _losses;

    /// <summary>ODATA packets sent.</summary>
    public long OdataSent => Volatile.Read(ref _odataSent);

    /// <summary>ODATA packets the sender's hook did not send.</summary>
    public long OdataSkipped => Volatile.Read(ref _odataSkipped);

    /// <summary>ODATA packets the receiver's hook ignored.</summary>
    public long OdataDropped => Volatile.Read(ref _odataDropped);

    /// <summary>Sequence numbers NAKed (a NAK may name several).</summary>
    public long NaksSent => Volatile.Read(ref _naksSent);

    /// <summary>Valid NAK packets a sender received.</summary>
    public long NaksReceived => Volatile.Read(ref _naksReceived);

    /// <summary>NCF packets sent.</summary>
    public long NcfsSent => Volatile.Read(ref _ncfsSent);

    /// <summary>RDATA packets sent.</summary>
    public long RdataSent => Volatile.Read(ref _rdataSent);

    /// <summary>RDATA packets received.</summary>
    public long RdataReceived => Volatile.Read(ref _rdataReceived);

    /// <summary>SPM packets sent.</summary>
    public long SpmsSent => Volatile.Read(ref _spmsSent);

    /// <summary>Gaps given up.</summary>
    public long Losses => Volatile.Read(ref _losses);

    internal void AddOdataSent() => Interlocked.Increment(ref _odataSent);

    internal void AddOdataSkipped() => Interlocked.Increment(ref _odataSkipped);

    internal void AddOdataDropped() => Interlocked.Increment(ref _odataDropped);

    internal void AddNaksSent(int sqns) => Interlocked.Add(ref _naksSent, sqns);

    internal void AddNakReceived() => Interlocked.Increment(ref _naksReceived);

    internal void AddNcfSent() => Interlocked.Increment(ref _ncfsSent);

    internal void AddRdataSent() => Interlocked.Increment(ref _rdataSent);

    internal void AddRdataReceived() => Interlocked.Increment(ref _rdataReceived);

    internal void AddSpmSent() => Interlocked.Increment(ref _spmsSent);

    internal void AddLoss() => Interlocked.Increment(ref _losses);
}
