namespace RuntimeActors.Soak;

/// <summary>
/// PUSH to PULL over tcp through libzmq: a .NET PUSH and PULL are bound, and a pyzmq forwarder (PULL in, PUSH out)
/// connects to both, so every message goes out to libzmq and comes back. The forwarder process is the peer restarted.
/// </summary>
internal sealed class PushPullWorkload(SoakSettings settings, SocketRuntime runtime, int index, int count) : Workload(settings, runtime, index, count)
{
    private ZSocket? _push;
    private ZSocket? _pull;
    private string _pushEndpoint = "";
    private string _pullEndpoint = "";
    private PeerProcess? _peer;
    private readonly CancellationTokenSource _receiving = new();
    private Task _receiver = Task.CompletedTask;

    /// <inheritdoc/>
    public override string Name => "PUSH/PULL tcp via pyzmq";

    /// <inheritdoc/>
    public override bool Guaranteed => true;

    /// <inheritdoc/>
    protected override async Task StartAsync(CancellationToken abort)
    {
        _push = Runtime.CreateSocket(SocketType.Push, Options());
        _pull = Runtime.CreateSocket(SocketType.Pull, Options());
        _pushEndpoint = await _push.BindAsync("tcp://127.0.0.1:*", abort).ConfigureAwait(false);
        _pullEndpoint = await _pull.BindAsync("tcp://127.0.0.1:*", abort).ConfigureAwait(false);
        _receiver = ReceiveLoopAsync(_pull, 0, _receiving.Token);
        _peer = await PeerProcess.StartAsync(Settings, "forward", Report, abort, _pushEndpoint, _pullEndpoint).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override ValueTask SendAsync(ZMessage message, CancellationToken phase, CancellationToken abort) => _push!.SendAsync(message, phase);

    /// <inheritdoc/>
    protected override async Task RestartAsync(CancellationToken abort)
    {
        await _peer!.DisposeAsync().ConfigureAwait(false);
        _peer = null;
        await AwaitNoConnectionAsync(_push!, abort).ConfigureAwait(false);
        await AwaitNoConnectionAsync(_pull!, abort).ConfigureAwait(false);
        _peer = await PeerProcess.StartAsync(Settings, "forward", Report, abort, _pushEndpoint, _pullEndpoint).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _receiving.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc/>
    protected override async Task StopAsync()
    {
        await _receiving.CancelAsync().ConfigureAwait(false);
        await _receiver.ConfigureAwait(false);
        if (_peer is not null)
        {
            await _peer.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var socket in new[] { _push, _pull })
        {
            if (socket is not null)
            {
                await socket.DisposeAsync().ConfigureAwait(false);
            }
        }

    }
}
