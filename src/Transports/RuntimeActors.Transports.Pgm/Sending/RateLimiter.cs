namespace RuntimeActors.Transports.Pgm.Sending;

/// <summary>
/// A token bucket at ZMQ_RATE: callers reserve bytes and wait until the bucket has refilled enough, so the sender is
/// held back (and pushes back on its socket) instead of dropping. The bucket holds 50 ms of rate, at least one packet.
/// </summary>
internal sealed class RateLimiter
{
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly double _bytesPerSecond;
    private readonly double _burst;
    private double _tokens;
    private long _stamp;

    /// <summary>Creates a bucket for <paramref name="rateKilobitsPerSecond"/>, full.</summary>
    public RateLimiter(int rateKilobitsPerSecond, int maxTpdu, TimeProvider time)
    {
        _time = time;
        _bytesPerSecond = Math.Max(rateKilobitsPerSecond, 1) * 1000.0 / 8;
        _burst = Math.Max(_bytesPerSecond / 20, maxTpdu);
        _tokens = _burst;
        _stamp = time.GetTimestamp();
    }

    /// <summary>How long a reservation of <paramref name="bytes"/> made now must wait; the reservation is taken.</summary>
    public TimeSpan Reserve(int bytes)
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            _tokens = Math.Min(_burst, _tokens + (_time.GetElapsedTime(_stamp, now).TotalSeconds * _bytesPerSecond));
            _stamp = now;
            _tokens -= bytes;
            return _tokens >= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(-_tokens / _bytesPerSecond);
        }
    }

    /// <summary>Waits until <paramref name="bytes"/> may be sent.</summary>
    public async ValueTask AcquireAsync(int bytes, CancellationToken cancellationToken)
    {
        var wait = Reserve(bytes);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }
}
