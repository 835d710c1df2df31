using RuntimeActors.Monitoring;

namespace RuntimeActors.Engine;

internal sealed partial class ZmtpEngine
{
    private ushort _pingTtlDeciseconds;

    /// <summary>
    /// ZMTP heartbeats as libzmq does them: with ZMQ_HEARTBEAT_IVL set, a PING (TTL from
    /// ZMQ_HEARTBEAT_TTL, no context) every interval, and the connection fails when nothing at all
    /// arrives within ZMQ_HEARTBEAT_TIMEOUT (default: the interval) of a PING. Independently, a
    /// PING from the peer with a TTL makes the connection fail when nothing follows it within that TTL.
    /// </summary>
    private void StartHeartbeats(RunState run)
    {
        var interval = _options.HeartbeatInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        _pingTtlDeciseconds = (ushort)Math.Clamp(_options.HeartbeatTtl.Ticks / (100 * TimeSpan.TicksPerMillisecond), 0, ushort.MaxValue);
        var timeout = _options.HeartbeatTimeout > TimeSpan.Zero ? _options.HeartbeatTimeout : interval;
        run.StartPings(interval, timeout);
    }

    private TimeoutException HeartbeatTimedOut(TimeSpan timeout)
    {
        CountHeartbeatTimeout();
        return new($"Heartbeat timeout: {_connection.RemoteAddress} sent nothing on {_connection.Endpoint} for {timeout.TotalMilliseconds} ms after our PING (ZMQ_HEARTBEAT_TIMEOUT); the connection is closed.");
    }

    private TimeoutException PeerTtlExpired(TimeSpan ttl)
    {
        CountHeartbeatTimeout();
        return new($"Heartbeat TTL expired: {_connection.RemoteAddress} on {_connection.Endpoint} sent a PING with a TTL of {ttl.TotalMilliseconds} ms and then nothing more; the connection is closed.");
    }

    private void CountHeartbeatTimeout()
    {
        if (_options.MetricTags is { } tags)
        {
            RuntimeMetrics.HeartbeatTimedOut(tags);
        }
    }

    /// <summary>The state of one <see cref="RunAsync"/>: its cancellation sources, heartbeat timers and failure.</summary>
    private sealed class RunState : IAsyncDisposable, IZmtpDecoderEvents
    {
        private readonly ZmtpEngine _engine;
        private long _receives;
        private Exception? _failure;
        private ITimer? _pingTimer;
        private ReceiveDeadline? _pingTimeout;
        private ReceiveDeadline? _ttl;

        public RunState(ZmtpEngine engine, CancellationToken graceful)
        {
            _engine = engine;
            Graceful = graceful;
            Abort = new CancellationTokenSource();
            Stopping = CancellationTokenSource.CreateLinkedTokenSource(graceful, Abort.Token);
        }

        /// <summary>The caller's token: cancelled for a graceful close.</summary>
        public CancellationToken Graceful { get; }

        /// <summary>Ends both loops at once, without flushing.</summary>
        public CancellationTokenSource Abort { get; }

        /// <summary>Cancelled by a graceful close or an abort: stops reading and the write loop's idle wait.</summary>
        public CancellationTokenSource Stopping { get; }

        /// <summary>Why a heartbeat ended the connection, if one did.</summary>
        public Exception? Failure => Volatile.Read(ref _failure);

        /// <summary>How many reads brought data; heartbeats compare it before and after a deadline.</summary>
        public long Receives => Volatile.Read(ref _receives);

        /// <summary>Called by the read loop (the only writer) after each read that brought data.</summary>
        public void NoteReceived() => Volatile.Write(ref _receives, _receives + 1);

        void IZmtpDecoderEvents.OnFrame() => NoteReceived();

        void IZmtpDecoderEvents.OnPing(ushort ttlDeciseconds, ReadOnlySpan<byte> context)
        {
            _engine.QueuePong(context);
            if (ttlDeciseconds > 0)
            {
                // As libzmq: the peer promises traffic within its TTL; the next frame disarms this.
                ArmTtl(TimeSpan.FromMilliseconds(ttlDeciseconds * 100.0));
            }
        }

        public void Stop()
        {
            try
            {
                Abort.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // A late timer after the run ended.
            }
        }

        public void Fail(Exception failure)
        {
            Interlocked.CompareExchange(ref _failure, failure, null);
            Stop();
        }

        public void StartPings(TimeSpan interval, TimeSpan timeout)
        {
            _pingTimeout = new ReceiveDeadline(this, _engine._time, timeout, _engine.HeartbeatTimedOut);
            _pingTimer = _engine._time.CreateTimer(static state => ((ZmtpEngine)state!).QueuePing(), _engine, interval, interval);
        }

        /// <summary>A PING went out: unless a deadline is already running with nothing received since, nothing must arrive late.</summary>
        public void ArmPingTimeout() => _pingTimeout?.Arm(restart: false);

        /// <summary>The peer's PING carried a TTL: traffic must follow within it (only the read loop calls this).</summary>
        public void ArmTtl(TimeSpan ttl)
        {
            _ttl ??= new ReceiveDeadline(this, _engine._time, ttl, _engine.PeerTtlExpired);
            _ttl.Arm(restart: true, ttl);
        }

        public async ValueTask DisposeAsync()
        {
            if (_pingTimer is { } pingTimer)
            {
                await pingTimer.DisposeAsync().ConfigureAwait(false);
            }

            if (_pingTimeout is { } pingTimeout)
            {
                await pingTimeout.DisposeAsync().ConfigureAwait(false);
            }

            if (_ttl is { } ttl)
            {
                await ttl.DisposeAsync().ConfigureAwait(false);
            }

            Stopping.Dispose();
            Abort.Dispose();
        }
    }

    /// <summary>
    /// Fails the run when nothing is received between <see cref="Arm"/> and a deadline, as libzmq's
    /// heartbeat timers do (any received frame cancels them). The read path only counts reads; the
    /// deadline compares the count when it fires, so receiving costs no timer operation.
    /// </summary>
    private sealed class ReceiveDeadline : IAsyncDisposable
    {
        private readonly Lock _gate = new();
        private readonly RunState _run;
        private readonly TimeProvider _time;
        private readonly Func<TimeSpan, Exception> _failure;
        private TimeSpan _after;
        private ITimer? _timer;
        private long _generation;
        private long _receivesAtArm;
        private bool _armed;
        private bool _disposed;

        public ReceiveDeadline(RunState run, TimeProvider time, TimeSpan after, Func<TimeSpan, Exception> failure)
        {
            _run = run;
            _time = time;
            _after = after;
            _failure = failure;
        }

        /// <summary>Starts a deadline now.</summary>
        /// <param name="restart">Replace a running deadline; otherwise one still waiting for traffic is kept (the earlier deadline wins).</param>
        /// <param name="after">A new length for the deadline, or null to keep the current one.</param>
        public void Arm(bool restart, TimeSpan? after = null)
        {
            ITimer? replaced;
            lock (_gate)
            {
                var receives = _run.Receives;
                if (_disposed || (_armed && !restart && receives == _receivesAtArm))
                {
                    return;
                }

                _after = after ?? _after;
                _armed = true;
                _receivesAtArm = receives;
                var generation = ++_generation;
                var length = _after;
                replaced = _timer;
                _timer = _time.CreateTimer(_ => Expire(generation, length), null, length, Timeout.InfiniteTimeSpan);
            }

            replaced?.Dispose();
        }

        private void Expire(long generation, TimeSpan length)
        {
            lock (_gate)
            {
                if (_disposed || generation != _generation || !_armed)
                {
                    return;
                }

                _armed = false;
                if (_run.Receives != _receivesAtArm)
                {
                    return;
                }
            }

            _run.Fail(_failure(length));
        }

        public async ValueTask DisposeAsync()
        {
            ITimer? timer;
            lock (_gate)
            {
                _disposed = true;
                timer = _timer;
                _timer = null;
            }

            if (timer is not null)
            {
                await timer.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
