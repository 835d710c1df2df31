using NetMQ.Monitoring;

namespace NetMQ.Benchmarks;

/// <summary>
/// Tells when the peer of a socket has closed its end, so that the socket is closed only after everything it sent
/// arrived. NetMQ 4.0.4.5 can lose the tail of what a socket still has to send when it is closed, infinite linger and
/// <see cref="NetMQConfig.Cleanup(bool)"/> or not: a NetMQ PUSH that closed right after its last send to a NetMQ PULL lost
/// the last 25 of 2,000 64 KB messages in one run of 8, and in run.sh's smoke row (1,000 + 1,000 at 64 KB) 18 runs of 30
/// left the PULL waiting until its timeout; NetMQ to libzmq and libzmq to NetMQ lost nothing in 12 runs each. The PULL
/// closes only once it has every message, and the REQ only once it has its last reply, so once the peer has gone
/// everything arrived.
/// </summary>
internal sealed class PeerWatch : IDisposable
{
    private readonly NetMQMonitor _monitor;
    private readonly ManualResetEventSlim _gone = new();
    private readonly Task _running;

    /// <summary>Watches <paramref name="socket"/>; create it before the socket binds or connects.</summary>
    public PeerWatch(NetMQSocket socket)
    {
        _monitor = new NetMQMonitor(socket, "inproc://netmq-benchmarks-monitor", SocketEvents.Disconnected);
        _monitor.Disconnected += (_, _) => _gone.Set();
        _running = _monitor.StartAsync();
    }

    /// <summary>Blocks until the peer's connection has closed (run.sh's timeout ends a peer that never goes).</summary>
    public void WaitUntilGone() => _gone.Wait();

    public void Dispose()
    {
        _monitor.Stop();
        _running.GetAwaiter().GetResult();
        _monitor.Dispose();
        _gone.Dispose();
    }
}
