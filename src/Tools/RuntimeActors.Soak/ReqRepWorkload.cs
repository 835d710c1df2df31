namespace RuntimeActors.Soak;

/// <summary>
/// REQ to REP over ipc: a .NET REQ connects to a pyzmq REP that echoes each request, one round trip at a time. The REP
/// process is the peer restarted, between two round trips; the REQ reconnects to its new bind.
/// </summary>
internal sealed class ReqRepWorkload(SoakSettings settings, SocketRuntime runtime, int index, int count) : Workload(settings, runtime, index, count)
{
    private readonly string _endpoint = $"ipc:///tmp/ractors-soak-{Environment.ProcessId}-reqrep";
    private readonly ZMessage _reply = new();
    private ZSocket? _req;
    private PeerProcess? _peer;

    /// <inheritdoc/>
    public override string Name => "REQ/REP ipc to pyzmq";

    /// <inheritdoc/>
    public override bool Guaranteed => true;

    /// <inheritdoc/>
    protected override double RateShare => 0.25;

    /// <inheritdoc/>
    protected override async Task StartAsync(CancellationToken abort)
    {
        _peer = await PeerProcess.StartAsync(Settings, "rep", Report, abort, _endpoint).ConfigureAwait(false);
        _req = Runtime.CreateSocket(SocketType.Req, Options());
        await _req.ConnectAsync(_endpoint, abort).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override async ValueTask SendAsync(ZMessage message, CancellationToken phase, CancellationToken abort)
    {
        await _req!.SendAsync(message, phase).ConfigureAwait(false);
        // Once the request is out, its reply is awaited whatever the phase: the REQ must get it before it sends again.
        await _req.ReceiveAsync(_reply, abort).ConfigureAwait(false);
        var (sequence, intact) = Payload.Read(_reply);
        Check.Accept(sequence, intact);
    }

    /// <inheritdoc/>
    protected override async Task RestartAsync(CancellationToken abort)
    {
        await _peer!.DisposeAsync().ConfigureAwait(false);
        _peer = null;
        // A request routed before the REQ saw the old connection go would be written to a dead connection.
        await AwaitNoConnectionAsync(_req!, abort).ConfigureAwait(false);
        _peer = await PeerProcess.StartAsync(Settings, "rep", Report, abort, _endpoint).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override async Task StopAsync()
    {
        if (_peer is not null)
        {
            await _peer.DisposeAsync().ConfigureAwait(false);
        }

        if (_req is not null)
        {
            await _req.DisposeAsync().ConfigureAwait(false);
        }

        File.Delete(_endpoint["ipc://".Length..]);
    }
}
