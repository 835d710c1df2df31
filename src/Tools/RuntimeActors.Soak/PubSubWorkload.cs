namespace RuntimeActors.Soak;

/// <summary>
/// PUB to SUB over tcp through libzmq: a .NET PUB and SUB are bound, and a pyzmq proxy (XSUB connected to the PUB,
/// XPUB connected to the SUB) carries the SUB's subscription up and the messages down. The proxy process is the peer
/// restarted. PUB drops what no subscriber takes, so what is missing counts as dropped, not lost.
/// </summary>
internal sealed class PubSubWorkload(SoakSettings settings, SocketRuntime runtime, int index, int count) : Workload(settings, runtime, index, count)
{
    private readonly CancellationTokenSource _receiving = new();
    private ZSocket? _pub;
    private ZSocket? _sub;
    private string _pubEndpoint = "";
    private string _subEndpoint = "";
    private PeerProcess? _peer;
    private Task _receiver = Task.CompletedTask;

    /// <inheritdoc/>
    public override string Name => "PUB/SUB tcp via pyzmq XSUB/XPUB";

    /// <inheritdoc/>
    public override bool Guaranteed => false;

    /// <inheritdoc/>
    protected override async Task StartAsync(CancellationToken abort)
    {
        _pub = Runtime.CreateSocket(SocketType.Pub, Options());
        _sub = Runtime.CreateSocket(SocketType.Sub, Options());
        _pubEndpoint = await _pub.BindAsync("tcp://127.0.0.1:*", abort).ConfigureAwait(false);
        _subEndpoint = await _sub.BindAsync("tcp://127.0.0.1:*", abort).ConfigureAwait(false);
        _sub.Subscribe(ReadOnlyMemory<byte>.Empty);
        _receiver = ReceiveLoopAsync(_sub, 0, _receiving.Token);
        _peer = await PeerProcess.StartAsync(Settings, "proxy", Report, abort, _pubEndpoint, _subEndpoint).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    protected override ValueTask SendAsync(ZMessage message, CancellationToken phase, CancellationToken abort) => _pub!.SendAsync(message, phase);

    /// <inheritdoc/>
    protected override async Task RestartAsync(CancellationToken abort)
    {
        await _peer!.DisposeAsync().ConfigureAwait(false);
        _peer = null;
        await AwaitNoConnectionAsync(_pub!, abort).ConfigureAwait(false);
        await AwaitNoConnectionAsync(_sub!, abort).ConfigureAwait(false);
        _peer = await PeerProcess.StartAsync(Settings, "proxy", Report, abort, _pubEndpoint, _subEndpoint).ConfigureAwait(false);
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

        foreach (var socket in new[] { _pub, _sub })
        {
            if (socket is not null)
            {
                await socket.DisposeAsync().ConfigureAwait(false);
            }
        }

    }
}
