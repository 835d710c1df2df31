namespace RuntimeActors.Sockets;

/// <summary>
/// The token source behind a socket's timed waits (RCVTIMEO, SNDTIMEO), kept from one wait to the next: a linked
/// <see cref="CancellationTokenSource"/> and its timer per wait cost some 290 B each time a timed receive had to wait.
/// <see cref="CancellationTokenSource.CancelAfter(TimeSpan)"/> re-arms the kept timer, and
/// <see cref="CancellationTokenSource.TryReset"/> stops it after the wait and refuses a source that was cancelled, which
/// is then replaced. The caller's token cancels the source through a registration, whose node the caller's source
/// reuses from one wait to the next.
/// </summary>
/// <remarks>One wait holds the kept source at a time; a concurrent one makes a source of its own.</remarks>
internal sealed class ReusableTimeout
{
    private static readonly Action<object?> CancelSource = static state => ((CancellationTokenSource)state!).Cancel();

    private CancellationTokenSource? _kept;
    private volatile bool _closed;

    /// <summary>Starts a limit that <paramref name="timeout"/> or <paramref name="cancellationToken"/> ends, whichever comes first.</summary>
    /// <remarks>
    /// Whether the timeout or the caller ended it is the caller's to tell, from its own token. An infinite timeout takes
    /// no source: the limit is the caller's token.
    /// </remarks>
    public Limit Start(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return new Limit(null, null, default, cancellationToken);
        }

        var source = Interlocked.Exchange(ref _kept, null) ?? new CancellationTokenSource();
        var caller = cancellationToken.UnsafeRegister(CancelSource, source);
        source.CancelAfter(timeout);
        return new Limit(this, source, caller, source.Token);
    }

    /// <summary>Disposes the kept source (the socket closed); a limit still running disposes its own when it ends.</summary>
    public void Close()
    {
        _closed = true;
        Interlocked.Exchange(ref _kept, null)?.Dispose();
    }

    private void Return(CancellationTokenSource source, CancellationTokenRegistration caller)
    {
        // Dispose, not Unregister: it waits for the caller's cancellation if that is running, which must not reach the
        // source once the next wait holds it.
        caller.Dispose();
        if (_closed || !source.TryReset() || Interlocked.CompareExchange(ref _kept, source, null) is not null)
        {
            source.Dispose();
        }
    }

    /// <summary>One timed wait's limit; disposing it gives the source back.</summary>
    internal readonly struct Limit : IDisposable
    {
        private readonly ReusableTimeout? _owner;
        private readonly CancellationTokenSource? _source;
        private readonly CancellationTokenRegistration _caller;

        internal Limit(ReusableTimeout? owner, CancellationTokenSource? source, CancellationTokenRegistration caller, CancellationToken token)
        {
            _owner = owner;
            _source = source;
            _caller = caller;
            Token = token;
        }

        public CancellationToken Token { get; }

        public void Dispose() => _owner?.Return(_source!, _caller);
    }
}
